/** Resolves the app's session cookie into `c.var.session`; `requireSession` refuses without one. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { appHeader, appSchema, sessionCookieName, SoukError, type App } from '@souk/sync';
import type { AuthService, Session } from '../auth/auth-service.ts';
import type { Client } from './client-address.ts';

export interface Env {
  /** `client`: who sent the request (http/client-address.ts), set before everything else. */
  Variables: { session: Session | null; app: App; client: Client };
}

export function appOf(c: Context): App {
  return appSchema.safeParse(c.req.header(appHeader) ?? c.req.query('app')).data ?? 'personal';
}

export function sessionMiddleware(auth: AuthService): MiddlewareHandler<Env> {
  return async (c, next) => {
    const app = appOf(c);
    c.set('app', app);
    c.set('session', await auth.resolve(getCookie(c, sessionCookieName[app]), app));
    await next();
  };
}

export function requireSession(c: Context<Env>): Session {
  const session = c.get('session');
  if (!session) throw new SoukError('unauthenticated', 'Sign in first.');
  return session;
}
