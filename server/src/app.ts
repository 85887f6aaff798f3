/** The HTTP application: API routes, health, the dev outbox and the web app, with one error handler. */
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { SoukError } from '@souk/sync';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/open.ts';
import type { AuthService } from './auth/auth-service.ts';
import type { DevOutbox } from './auth/code-sender.ts';
import type { DocStore } from './sync/doc-store.ts';
import { errorHandler } from './errors.ts';
import { sessionMiddleware, type Env } from './http/session.ts';
import { authRoutes } from './http/auth-routes.ts';
import { chatRoutes } from './http/chat-routes.ts';
import { mountWebApp } from './http/static-app.ts';

export interface AppDeps {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  database: Database;
  auth: AuthService;
  store: DocStore;
  outbox: DevOutbox | null;
  /** Called when a session is revoked, to close its sockets. */
  onRevoke(sessionId: string): void;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(errorHandler(deps.logger));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  app.get('/health', async (c) => {
    await deps.database.db.execute(sql`SELECT 1`);
    return c.json({ status: 'ok' });
  });

  const api = new Hono<Env>();
  api.use('*', sessionMiddleware(deps.auth));
  api.route('/', authRoutes(deps.auth, deps.onRevoke));
  api.route(
    '/',
    chatRoutes({ db: deps.database.db, auth: deps.auth, store: deps.store, clock: deps.clock }),
  );
  const outbox = deps.outbox;
  if (outbox) api.get('/dev/outbox', (c) => c.json(outbox.list(c.req.query('phone'))));
  api.all('*', () => {
    throw new SoukError('not_found', 'No such API route.');
  });
  app.route('/api', api);

  mountWebApp(app, deps.config.webDir, deps.logger);
  return app;
}
