/**
 * `GET /api/ops/export`: the whole database as a consistent export (server/src/export/), streamed
 * as it is read, for `souk export` — the CLI cannot open an embedded PGlite directory the
 * running server holds. Only with `Authorization: Bearer <SOUK_OPERATOR_TOKEN>`; a session,
 * even an operator's, is not enough (an export holds everyone's data, sessions' hashes included).
 */
import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import { opsRoutes, SoukError } from '@souk/sync';
import type { Database } from '../db/open.ts';
import type { Logger } from '../logger.ts';
import { writeExport } from '../export/write-export.ts';
import { register } from './contract-route.ts';
import { bearerMatches } from './ops-routes.ts';
import type { Env } from './session.ts';

/** Throws the refusal unless the request carries the configured operator token. */
export function requireOperatorToken(header: string | undefined, token: string | undefined): void {
  if (token === undefined)
    throw SoukError.refusal('forbidden', { code: 'operator_token_not_configured' });
  if (!/^Bearer\s+\S+$/i.test(header ?? ''))
    throw SoukError.refusal('unauthenticated', { code: 'operator_token_missing' });
  if (!bearerMatches(header, token))
    throw SoukError.refusal('unauthenticated', { code: 'operator_token_wrong' });
}

export function exportRoutes(deps: {
  database: Pick<Database, 'db' | 'kind'>;
  operatorToken: string | undefined;
  logger: Logger;
}) {
  const routes = new Hono<Env>();
  register(routes, opsRoutes.export, (c) => {
    requireOperatorToken(c.req.header('authorization'), deps.operatorToken);
    const body = new PassThrough();
    const started = Date.now();
    writeExport(deps.database, body).then(
      (counts) => {
        const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
        deps.logger.info({ rows, ms: Date.now() - started }, 'export sent');
      },
      (error: unknown) => deps.logger.error({ err: error }, 'export failed'),
    );
    c.header('content-disposition', 'attachment; filename="souk-export.ndjson.gz"');
    c.header('cache-control', 'no-store');
    return Readable.toWeb(body) as ReadableStream<Uint8Array>;
  });
  return routes;
}
