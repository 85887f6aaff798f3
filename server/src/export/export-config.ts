/**
 * The operator token and scheduled exports, read by config.ts with the rest of the environment:
 * `SOUK_OPERATOR_TOKEN` lets the `souk` CLI (export) call the running server; with
 * `SOUK_EXPORT_DIR` the server writes an export every `SOUK_EXPORT_EVERY` and keeps the newest
 * `SOUK_EXPORT_KEEP`.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const units = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `30m`, `6h`, `1d`: a duration in milliseconds. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * units[match[2] as keyof typeof units];
  return ms > 0 ? ms : null;
}

export const exportEnv = {
  SOUK_OPERATOR_TOKEN: z
    .string()
    .min(32, 'at least 32 characters')
    .optional()
    .describe('the bearer token of operator routes (souk export); none without it'),
  SOUK_EXPORT_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('directory of scheduled exports (none without it)'),
  SOUK_EXPORT_EVERY: z
    .string()
    .refine((text) => parseDuration(text) !== null, 'a duration such as 30m, 6h or 1d')
    .optional()
    .describe('how often a scheduled export is written (default 1d)'),
  SOUK_EXPORT_KEEP: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('how many scheduled exports are kept, the newest (default 7)'),
};

type ExportEnv = z.infer<z.ZodObject<typeof exportEnv>>;

export interface ScheduledExportConfig {
  dir: string;
  everyMs: number;
  keep: number;
}

export function readScheduledExports(e: ExportEnv): ScheduledExportConfig | null {
  if (e.SOUK_EXPORT_DIR === undefined) {
    const stray = (['SOUK_EXPORT_EVERY', 'SOUK_EXPORT_KEEP'] as const).find(
      (name) => e[name] !== undefined,
    );
    if (stray) throw new Error(`${stray} needs SOUK_EXPORT_DIR (where the exports go)`);
    return null;
  }
  return Object.freeze({
    dir: resolve(e.SOUK_EXPORT_DIR),
    everyMs: parseDuration(e.SOUK_EXPORT_EVERY ?? '1d')!,
    keep: e.SOUK_EXPORT_KEEP ?? 7,
  });
}
