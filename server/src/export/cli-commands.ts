/**
 * `souk export FILE` and `souk import FILE` (cli.ts).
 *
 * Export asks the running server (`GET /api/ops/export` with SOUK_OPERATOR_TOKEN) — an embedded
 * PGlite directory belongs to the process that opened it — and writes the stream to a temporary
 * file renamed to FILE only once whole. Import opens the configured database itself (Souk must
 * not be running on it): an absent or empty PGlite DATA_DIR, or an empty PostgreSQL database at
 * DATABASE_URL, migrated first, then loaded (export/import-export.ts).
 */
import { createWriteStream } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { opsRoutes, routeUrl, refusalOf } from '@souk/sync';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { ExportProblem } from './format.ts';
import { importExport } from './import-export.ts';

type Out = (line: string) => void;

/** Where the running server answers: SOUK_URL, else this machine at the configured port. */
export function serverUrl(env: Record<string, string | undefined>, config: Readonly<Config>) {
  if (env.SOUK_URL) return env.SOUK_URL.replace(/\/$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

export async function exportCommand(
  file: string,
  base: string,
  token: string | undefined,
  out: Out,
): Promise<number> {
  if (!token) {
    out('Set SOUK_OPERATOR_TOKEN to the token the running server was started with.');
    return 2;
  }
  let answer: Response;
  try {
    answer = await fetch(`${base}${routeUrl(opsRoutes.export)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (error) {
    out(
      `Souk is not answering at ${base} (${(error as Error).cause ?? error}): is it running? Set SOUK_URL if it is elsewhere.`,
    );
    return 1;
  }
  if (!answer.ok || !answer.body) {
    const refusal = await refusalOf(answer);
    out(`The server refused the export (${refusal.reason ?? refusal.kind}): ${refusal.message}`);
    return 1;
  }
  const target = resolve(file);
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  try {
    await pipeline(Readable.fromWeb(answer.body as never), createWriteStream(partial));
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    out(`The export broke off (${(error as Error).message}); nothing was written to ${file}.`);
    return 1;
  }
  out(`Exported to ${file}.`);
  return 0;
}

/** An absent or empty directory: no Souk has a database there (nor is running on it). */
async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

export async function importCommand(
  file: string,
  config: Readonly<Config>,
  out: Out,
): Promise<number> {
  if (
    !config.databaseUrl &&
    config.dataDir !== 'memory://' &&
    !(await isEmptyDir(config.dataDir))
  ) {
    out(
      `${config.dataDir} already holds a database: import only into an empty DATA_DIR (or an empty DATABASE_URL).`,
    );
    return 1;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { counts } = await importExport(database, file);
    const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const where = config.databaseUrl ? 'the PostgreSQL database' : config.dataDir;
    out(`Imported ${rows} rows of ${Object.keys(counts).length} tables into ${where}.`);
    return 0;
  } catch (error) {
    if (!(error instanceof ExportProblem) && (error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw error;
    out(error instanceof ExportProblem ? error.message : `No such file: ${file}.`);
    return 1;
  } finally {
    await database.close();
  }
}
