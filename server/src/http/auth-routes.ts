import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { requestCodeSchema, sessionCookieName, SoukError, verifyCodeSchema } from '@souk/sync';
import type { AuthService } from '../auth/auth-service.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

const yearSeconds = 365 * 24 * 60 * 60;

export function authRoutes(auth: AuthService, onRevoke: (sessionId: string) => void) {
  const routes = new Hono<Env>();

  routes.post('/auth/code', async (c) => {
    const { phone } = await parseBody(c, requestCodeSchema);
    let ip = 'unknown';
    try {
      ip = getConnInfo(c).remote.address ?? ip;
    } catch {
      // in-process requests (tests) have no socket
    }
    await auth.requestCode(phone, c.get('app'), ip);
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
      secure: new URL(c.req.url).protocol === 'https:',
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
