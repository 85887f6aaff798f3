import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { requestCodeSchema, sessionCookieName, SoukError, verifyCodeSchema } from '@souk/sync';
import type { AuthService } from '../auth/auth-service.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

const yearSeconds = 365 * 24 * 60 * 60;

export function authRoutes(auth: AuthService, onRevoke: (sessionId: string) => void) {
  const routes = new Hono<Env>();

  routes.post('/auth/code', async (c) => {
    const { phone } = await parseBody(c, requestCodeSchema);
    // The client's address, from a trusted proxy's headers only (http/client-address.ts).
    await auth.requestCode(phone, c.get('app'), c.get('client').address);
    return c.json({ sent: true });
  });

  routes.post('/auth/verify', async (c) => {
    const { phone, code, device } = await parseBody(c, verifyCodeSchema);
    const app = c.get('app');
    const agent = device ?? c.req.header('user-agent')?.slice(0, 120) ?? 'Browser';
    const { token, session } = await auth.verifyCode(phone, app, code, agent);
    setCookie(c, sessionCookieName[app], token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      // Over TLS, directly or through a trusted proxy: the cookie never travels in clear.
      secure: c.get('client').tls,
      maxAge: yearSeconds,
    });
    return c.json(session.identity);
  });

  routes.post('/auth/sign-out', async (c) => {
    const session = c.get('session');
    if (session) {
      await auth.revoke(session, session.id);
      onRevoke(session.id);
    }
    deleteCookie(c, sessionCookieName[c.get('app')], { path: '/' });
    return c.json({ signedOut: true });
  });

  routes.get('/me', (c) => c.json(requireSession(c).identity));

  routes.get('/sessions', async (c) => c.json(await auth.listSessions(requireSession(c))));

  routes.delete('/sessions/:id', async (c) => {
    const session = requireSession(c);
    if (!(await auth.revoke(session, c.req.param('id'))))
      throw new SoukError('not_found', 'No such device.');
    onRevoke(c.req.param('id'));
    return c.json({ revoked: true });
  });

  return routes;
}
