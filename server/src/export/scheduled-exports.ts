/**
 * Scheduled exports (SOUK_EXPORT_DIR, SOUK_EXPORT_EVERY, SOUK_EXPORT_KEEP): every interval, an
 * export written to a hidden temporary file beside its final name, flushed to disk, then renamed
 * — so a file with an export's name is always a whole export, even if the process dies while
 * writing — and the oldest beyond the number kept deleted. Names sort as they were written:
 * `souk-export-2026-12-05T03-15-00-000Z.ndjson.gz`. With several processes on one PostgreSQL
 * database, configure the schedule on one of them.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/open.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../clock.ts';
import type { ScheduledExportConfig } from './export-config.ts';
import { writeExport } from './write-export.ts';

const exportName = /^souk-export-[0-9TZ-]+\.ndjson\.gz$/;

export const exportFileName = (at: number) =>
  `souk-export-${new Date(at).toISOString().replace(/[:.]/g, '-')}.ndjson.gz`;

/** Writes one export into `dir` atomically; answers its path. */
export async function exportToDir(
  database: Pick<Database, 'db' | 'kind'>,
  dir: string,
  now: number,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = exportFileName(now);
  const final = join(dir, name);
  const partial = join(dir, `.${name}.partial`);
  try {
    await writeExport(database, createWriteStream(partial), () => now);
    const handle = await open(partial, 'r');
    await handle.sync().finally(() => handle.close());
    await rename(partial, final);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return final;
}

/** Deletes the oldest exports in `dir` beyond the newest `keep`; answers what it deleted. */
export async function pruneExports(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => exportName.test(name)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await rm(join(dir, name), { force: true });
  return old;
}

export class ScheduledExports {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly database: Pick<Database, 'db' | 'kind'>,
    private readonly config: ScheduledExportConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The first export one interval after start, then one interval after each finishes. */
  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => this.schedule());
    }, this.config.everyMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    const started = Date.now();
    try {
      const file = await exportToDir(this.database, this.config.dir, this.clock.now());
      const deleted = await pruneExports(this.config.dir, this.config.keep);
      this.logger.info({ file, ms: Date.now() - started, deleted }, 'scheduled export written');
    } catch (error) {
      this.logger.error(
        { err: error },
        'scheduled export failed (the next one is still scheduled)',
      );
    }
  }

  /** Stops the schedule; waits for an export being written to finish. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
