import { describe, expect, it } from 'vitest';
import { accountRoutes } from './routes/account.ts';
import { reviewStatusQuerySchema } from './routes/admin.ts';
import { allRoutes } from './routes/index.ts';
import { statsCsvQuerySchema, statsRoutes, templateRoutes } from './routes/templates-stats.ts';
import { routePath, routeUrl } from './route.ts';

describe('routes', () => {
  it('fill in path parameters, URI-encoded, and refuse a missing one', () => {
    expect(routePath(accountRoutes.revokeSession, { id: 'a/b c' })).toBe('/sessions/a%2Fb%20c');
    expect(() => routePath(accountRoutes.revokeSession)).toThrow(/id/);
    expect(routePath(accountRoutes.me)).toBe('/me');
  });

  it('are each described once: no two share a method and path', () => {
    const keys = allRoutes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('build a URL below the origin, leaving out what is undefined', () => {
    const url = routeUrl(statsRoutes.csv, {
      query: { app: 'business', table: 'days', from: '2026-01-01', to: undefined },
    });
    expect(url).toBe('/api/business/stats.csv?app=business&table=days&from=2026-01-01');
    expect(routeUrl(templateRoutes.pack, { params: { businessId: 'b 1' } })).toBe(
      '/api/templates/b%201/pack',
    );
  });

  it('take a raw body or JSON, never both', () => {
    for (const route of allRoutes) expect(route.body && route.upload, route.path).toBeFalsy();
  });

  it('take an absent CSV table as days, and refuse another', () => {
    expect(statsCsvQuerySchema.parse({}).table).toBe('days');
    expect(statsCsvQuerySchema.safeParse({ table: 'weeks' }).error?.issues[0]?.path).toEqual([
      'table',
    ]);
  });

  it('refuse an unknown console status with the sentence the console always had', () => {
    expect(reviewStatusQuerySchema.safeParse({ status: 'later' }).error?.issues[0]?.message).toBe(
      'status is pending, approved or rejected.',
    );
    expect(reviewStatusQuerySchema.parse({})).toEqual({});
  });
});
