import { describe, expect, it } from 'vitest';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes, reviewStatusQuerySchema } from './routes/admin.ts';
import { businessRoutes, directoryRoutes } from './routes/business.ts';
import { businessApiRoutes } from './routes/business-api.ts';
import { apiSettingsRoutes, pushRoutes } from './routes/settings.ts';
import { statsRoutes, templateRoutes } from './routes/templates-stats.ts';
import { routePath, type Route } from './route.ts';

describe('routes', () => {
  it('fill in path parameters, URI-encoded, and refuse a missing one', () => {
    expect(routePath(accountRoutes.revokeSession, { id: 'a/b c' })).toBe('/sessions/a%2Fb%20c');
    expect(() => routePath(accountRoutes.revokeSession)).toThrow(/id/);
    expect(routePath(accountRoutes.me)).toBe('/me');
  });

  it('are each described once: no two share a method and path', () => {
    const all: Route[] = [
      accountRoutes,
      adminRoutes,
      businessRoutes,
      directoryRoutes,
      pushRoutes,
      apiSettingsRoutes,
      templateRoutes,
      statsRoutes,
      businessApiRoutes,
    ].flatMap((group) => Object.values(group));
    const keys = all.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuse an unknown console status with the sentence the console always had', () => {
    expect(reviewStatusQuerySchema.safeParse({ status: 'later' }).error?.issues[0]?.message).toBe(
      'status is pending, approved or rejected.',
    );
    expect(reviewStatusQuerySchema.parse({})).toEqual({});
  });
});
