/** Resolves the app's session cookie into `c.var.session`; `requireSession` refuses without one. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  refusalError,
  appHeader,
  appSchema,
  sessionCookieName,
  SoukError,
  type App,
  type ReasonCode,
} from '@souk/sync';
import type { AuthService, Session } from '../auth/auth-service.ts';
import type { Client } from './client-address.ts';

export interface Env {
  /** `client`: who sent the request (http/client-address.ts), set before everything else. */
  Variables: { session: Session | null; app: App; client: Client; ended?: ReasonCode | null };
}

export function appOf(c: Context): App {
  return appSchema.safeParse(c.req.header(appHeader) ?? c.req.query('app')).data ?? 'personal';
}

export function sessionMiddleware(auth: AuthService): MiddlewareHandler<Env> {
  return async (c, next) => {
    const app = appOf(c);
    c.set('app', app);
    const token = getCookie(c, sessionCookieName[app]);
    const session = await auth.resolve(token, app);
    c.set('session', session);
    // A cookie of a session that ended: the device is told why (asked only then).
    if (token && !session) c.set('ended', await auth.whyEnded(token, app));
    await next();
  };
}

export function requireSession(c: Context<Env>): Session {
  const session = c.get('session');
  if (!session) {
    const ended = c.get('ended');
    if (ended) throw refusalError('unauthenticated', { code: ended });
    throw new SoukError('unauthenticated', 'Sign in first.');
  }
  return session;
}
