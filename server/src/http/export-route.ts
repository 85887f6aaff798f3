/**
 * `GET /api/ops/export`: the whole database as a consistent export (server/src/export/), for
 * `souk export` — the CLI cannot open an embedded PGlite directory the running server holds.
 * Only with `Authorization: Bearer <SOUK_OPERATOR_TOKEN>`; a session, even an operator's, is not
 * enough (an export holds everyone's data, sessions' hashes included).
 *
 * On PostgreSQL the export streams straight from its snapshot transaction to the client. On
 * PGlite that transaction holds the one connection, so every write waits while it is open: the
 * export is spooled to a temporary file at disk speed first, then sent at the client's pace.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import { refusalError, opsRoutes } from '@souk/sync';
import type { Database } from '../db/open.ts';
import type { Logger } from '../logger.ts';
import { writeExport } from '../export/write-export.ts';
import { register } from './contract-route.ts';
import { bearerMatches } from './ops-routes.ts';
import type { Env } from './session.ts';

/** Throws the refusal unless the request carries the configured operator token. */
export function requireOperatorToken(header: string | undefined, token: string | undefined): void {
  if (token === undefined)
    throw refusalError('forbidden', { code: 'operator_token_not_configured' });
  if (!/^Bearer\s+\S+$/i.test(header ?? ''))
    throw refusalError('unauthenticated', { code: 'operator_token_missing' });
  if (!bearerMatches(header, token))
    throw refusalError('unauthenticated', { code: 'operator_token_wrong' });
}

type Source = Pick<Database, 'db' | 'kind'>;

/** PostgreSQL: the export as it is read (errors cut the stream, so the CLI keeps no file). */
function streamed(database: Source, logger: Logger): Readable {
  const body = new PassThrough();
  const started = Date.now();
  writeExport(database, body).then(
    (counts) => {
      const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
      logger.info({ rows, ms: Date.now() - started }, 'export sent');
    },
    (error: unknown) => logger.error({ err: error }, 'export failed'),
  );
  return body;
}

/** PGlite: the export written to a temporary file (deleted once sent or abandoned), then read. */
async function spooled(database: Source, logger: Logger): Promise<Readable> {
  const dir = await mkdtemp(join(tmpdir(), 'souk-export-'));
  const file = join(dir, 'export.ndjson.gz');
  const started = Date.now();
  try {
    const counts = await writeExport(database, createWriteStream(file));
    const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
    logger.info({ rows, ms: Date.now() - started }, 'export written, sending');
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const body = createReadStream(file);
  body.once('close', () => void rm(dir, { recursive: true, force: true }));
  return body;
}

export function exportRoutes(deps: {
  database: Source;
  operatorToken: string | undefined;
  logger: Logger;
}) {
  const routes = new Hono<Env>();
  register(routes, opsRoutes.export, async (c) => {
    requireOperatorToken(c.req.header('authorization'), deps.operatorToken);
    const body =
      deps.database.kind === 'pglite'
        ? await spooled(deps.database, deps.logger)
        : streamed(deps.database, deps.logger);
    c.header('content-disposition', 'attachment; filename="souk-export.ndjson.gz"');
    c.header('cache-control', 'no-store');
    return Readable.toWeb(body) as ReadableStream<Uint8Array>;
  });
  return routes;
}
