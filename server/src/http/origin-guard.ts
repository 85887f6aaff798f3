/**
 * Cross-site requests are refused (docs/protocol.md, "Origins"). A browser attaches the session
 * cookie to any request to this server, whichever page made it — a page on another port or
 * subdomain of the same site included, since SameSite treats those as the same site. What the
 * browser cannot forge is `Origin`. So:
 * - every sync socket upgrade, and every state-changing `/api` request that carries a session
 *   cookie, must name an allowed origin: the public origin (`SOUK_PUBLIC_URL`), the server's own
 *   (the scheme it was reached by and the Host asked for), and outside production the web dev
 *   server's (:5173);
 * - a state-changing request naming any other origin is refused, cookie or not;
 * - a state-changing request with a body must say `Content-Type: application/json` (image uploads
 *   say their image type): the types an HTML form can send are never accepted.
 * Business API requests (`/api/v1`, authenticated by an API key, never by a cookie) need none of it.
 */
import type { MiddlewareHandler } from 'hono';
import { sessionCookieName, SoukError } from '@souk/sync';
import type { Client } from './client-address.ts';

const devServerOrigins = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://[::1]:5173'];
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const sessionCookies = Object.values(sessionCookieName);

export class AllowedOrigins {
  private readonly fixed: ReadonlySet<string>;

  constructor(publicOrigin: string | undefined, production: boolean) {
    const list = production ? [] : devServerOrigins;
    this.fixed = new Set(publicOrigin === undefined ? list : [publicOrigin, ...list]);
  }

  /** Whether `origin` may act here; `host` is the Host header, `tls` how the request came. */
  allows(origin: string | undefined, host: string | undefined, tls: boolean): boolean {
    if (origin === undefined) return false;
    if (this.fixed.has(origin)) return true;
    return host !== undefined && origin === `${tls ? 'https' : 'http'}://${host.toLowerCase()}`;
  }
}

/** Whether a Cookie header carries one of Souk's session cookies. */
export function carriesSessionCookie(cookie: string | undefined): boolean {
  if (!cookie) return false;
  return cookie
    .split(';')
    .some((pair) => sessionCookies.includes(pair.split('=', 1)[0]!.trim() as never));
}

const jsonType = /^application\/json\s*(;|$)/i;
const imageType = /^image\/[a-z0-9.+-]+\s*(;|$)/i;
/** A tus PATCH's body (http/upload-routes.ts). */
const tusType = /^application\/offset\+octet-stream\s*(;|$)/i;

/** The `/api` guard for state-changing requests (mounted before the routes). */
export function originGuard(
  origins: AllowedOrigins,
): MiddlewareHandler<{ Variables: { client: Client } }> {
  return async (c, next) => {
    if (safeMethods.has(c.req.method) || c.req.path.startsWith('/api/v1/')) return next();
    const origin = c.req.header('origin');
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    const allowed = origins.allows(origin, host, c.get('client').tls);
    if (origin !== undefined && !allowed)
      throw new SoukError('forbidden', 'Requests from another site are not accepted.');
    if (origin === undefined && carriesSessionCookie(c.req.header('cookie')))
      throw new SoukError(
        'forbidden',
        'A signed-in request must say where it comes from (Origin).',
      );
    const hasBody =
      c.req.header('transfer-encoding') !== undefined ||
      Number(c.req.header('content-length') ?? 0) > 0;
    const type = c.req.header('content-type') ?? '';
    if (hasBody && !jsonType.test(type) && !imageType.test(type) && !tusType.test(type))
      throw new SoukError('bad_request', 'Send JSON, with Content-Type: application/json.');
    return next();
  };
}
