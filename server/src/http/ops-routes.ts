/**
 * For whoever runs Souk: `/health` (liveness: the process answers and reaches its database),
 * `/health/ready` (ready for traffic: the database answers and carries every migration this
 * build ships), and `/metrics` (Prometheus text) behind `Authorization: Bearer
 * <SOUK_METRICS_TOKEN>` — absent without a configured token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { migrationStatus } from '../db/migration-status.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Logger } from '../logger.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant-time comparison of the presented bearer token with the configured one. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

export function opsRoutes(deps: {
  db: Db;
  logger: Logger;
  metrics?: Metrics | undefined;
  metricsToken: string | undefined;
}) {
  const routes = new Hono();
  routes.get('/health', async (c) => {
    await deps.db.execute(sql`SELECT 1`);
    return c.json({ status: 'ok' });
  });
  routes.get('/health/ready', async (c) => {
    try {
      const migrations = await migrationStatus(deps.db);
      if (migrations !== 'current')
        return c.json({ status: 'not_ready', database: 'ok', migrations }, 503);
      return c.json({ status: 'ready', database: 'ok', migrations });
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check: database unreachable');
      return c.json({ status: 'not_ready', database: 'unreachable' }, 503);
    }
  });
  const { metrics, metricsToken } = deps;
  if (metrics && metricsToken) {
    routes.get('/metrics', async (c) => {
      if (!bearerMatches(c.req.header('authorization'), metricsToken)) {
        c.header('www-authenticate', 'Bearer realm="souk-metrics"');
        return c.json(
          { kind: 'unauthenticated', message: 'The metrics token is missing or wrong.' },
          401,
        );
      }
      return c.body(await metrics.text(), 200, { 'content-type': metrics.contentType });
    });
  }
  return routes;
}
