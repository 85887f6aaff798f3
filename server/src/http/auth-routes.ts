import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { accountRoutes as routes, sessionCookieName, SoukError } from '@souk/sync';
import type { AuthService } from '../auth/auth-service.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

const yearSeconds = 365 * 24 * 60 * 60;

export function authRoutes(auth: AuthService, onRevoke: (sessionId: string) => void) {
  const app = new Hono<Env>();

  register(app, routes.requestCode, async (c, { body: { phone, locale } }) => {
    // The SMS in the app's language, else the browser's (Accept-Language), else English.
    const language = c.req.header('accept-language')?.trim().toLowerCase() ?? '';
    const smsLocale = locale ?? (language.startsWith('es') ? 'es' : 'en');
    // The client's address, from a trusted proxy's headers only (http/client-address.ts).
    await auth.requestCode(phone, c.get('app'), c.get('client').address, smsLocale);
    return { sent: true };
  });

  register(app, routes.verifyCode, async (c, { body: { phone, code, device } }) => {
    const kind = c.get('app');
    // The whole user agent (the Devices list reads browser and system from it: device-name.ts).
    const agent = device ?? c.req.header('user-agent')?.slice(0, 512) ?? 'Browser';
    const { token, session } = await auth.verifyCode(phone, kind, code, agent);
    setCookie(c, sessionCookieName[kind], token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      // Over TLS, directly or through a trusted proxy: the cookie never travels in clear.
      secure: c.get('client').tls,
      maxAge: yearSeconds,
    });
    return session.identity;
  });

  register(app, routes.signOut, async (c) => {
    const session = c.get('session');
    if (session) {
      await auth.revoke(session, session.id, 'signed_out');
      onRevoke(session.id);
    }
    deleteCookie(c, sessionCookieName[c.get('app')], { path: '/' });
    return { signedOut: true };
  });

  register(app, routes.me, (c) => requireSession(c).identity);

  register(app, routes.sessions, async (c) => auth.listSessions(requireSession(c)));

  register(app, routes.revokeSession, async (c, { params: { id } }) => {
    const session = requireSession(c);
    if (!id || !(await auth.revoke(session, id, 'signed_out_elsewhere')))
      throw new SoukError('not_found', 'No such device.');
    onRevoke(id);
    return { revoked: true };
  });

  return app;
}
