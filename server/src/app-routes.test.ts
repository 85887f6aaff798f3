/**
 * The server serves exactly the described routes under `/api` (sync/src/contract/routes): none
 * registered by hand beside the contract, none described and missing. Only the routes' table is
 * read, so the services behind them are stand-ins that are never called.
 */
import { describe, expect, it } from 'vitest';
import { allRoutes } from '@souk/sync';
import { createApp, type AppDeps } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

const unused = {} as never;

function servedRoutes(): string[] {
  const deps: AppDeps = {
    config: loadConfig({ DATA_DIR: 'memory://', WEB_DIR: '/nonexistent' }),
    logger: createLogger('silent'),
    clock: { now: () => 0 },
    database: unused,
    auth: unused,
    store: unused,
    submit: unused,
    consent: unused,
    sync: unused,
    outbox: unused,
    platform: {} as AppDeps['platform'],
    broadcasts: unused,
    stats: unused,
    push: unused,
    businessApi: unused,
    uploads: unused,
    yjs: unused,
  };
  const { app } = createApp(deps);
  const routes = app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    .map((r) => `${r.method} ${r.path.slice('/api'.length)}`);
  return [...new Set(routes)].sort();
}

describe('the API routes', () => {
  it('are exactly the contract’s routes', () => {
    const described = allRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(described.length).toBeGreaterThan(50);
    expect(servedRoutes()).toEqual(described);
  });
});
