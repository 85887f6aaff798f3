/**
 * Statistics over HTTP: the business's own figures (`/api/business/stats`, JSON; `.csv` per day
 * or per template) behind the business gate of business-routes.ts, and the platform's
 * (`/api/admin/stats`) for operators. Ranges are `?from=YYYY-MM-DD&to=YYYY-MM-DD` or `?days=N`.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { SoukError, statsRoutes as described } from '@souk/sync';
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import { isOperator } from '../business/operators.ts';
import type { Stats } from '../stats/stats.ts';
import { daysCsv, templatesCsv } from '../stats/stats-query.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

function businessOf(c: Context<Env>): string {
  const session = requireSession(c);
  if (session.identity.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  return session.identity.id;
}

export function statsRoutes(deps: { db: Db; stats: Stats }) {
  const routes = new Hono<Env>();

  register(routes, described.business, (c, { query }) => deps.stats.business(businessOf(c), query));

  register(routes, described.csv, async (c, { query: { table, from, to, days } }) => {
    const stats = await deps.stats.business(businessOf(c), { from, to, days });
    c.header(
      'content-disposition',
      `attachment; filename="souk-stats-${table}-${stats.from}-${stats.to}.csv"`,
    );
    return table === 'days' ? daysCsv(stats) : templatesCsv(stats);
  });

  register(routes, described.platform, async (c, { query }) => {
    const session = requireSession(c);
    if (!(await isOperator(deps.db, session.identity.phone)))
      throw new SoukError('forbidden', 'Only platform operators may do this.');
    return deps.stats.platform(query);
  });

  return routes;
}

/**
 * Counts the consent rules' refusals given over HTTP (a business starting a chat by phone, say):
 * mounted before those routes, it looks at the error they ended with. The sync path is counted
 * at the delivery gate (Stats.countRefusals).
 */
export function countRefusedRequests(stats: Stats, clock: Clock): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    const error = c.error;
    if (!(error instanceof SoukError) || error.kind !== 'not_delivered') return;
    const reason = error.details?.reason;
    if (typeof reason !== 'string') return;
    const session = c.get('session');
    let businessId: string | null = null;
    if (session?.identity.kind === 'business') businessId = session.identity.id;
    else {
      const body = (await c.req.json().catch(() => null)) as { businessId?: unknown } | null;
      if (typeof body?.businessId === 'string') businessId = body.businessId;
    }
    await stats.recordRefusal({ businessId, reason, at: clock.now() }).catch(() => {});
  };
}
