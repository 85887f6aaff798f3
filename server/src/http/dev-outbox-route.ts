/**
 * `GET /api/dev/outbox?phone=…`: the development sender's latest codes, for the person at the
 * keyboard of the machine Souk runs on (and local tests) — nobody else. It answers only a client
 * connected over loopback, and refuses any request that carries `Forwarded` or `X-Forwarded-For`:
 * a reverse proxy on the same machine would make every visitor look local, so a forwarded
 * request is never local, trusted proxy or not. The Host must be a loopback name too, so a page
 * whose name was rebound to 127.0.0.1 (DNS rebinding) cannot read it from the victim's browser.
 * The check comes before the query is even read.
 */
import { Hono } from 'hono';
import { devRoutes, SoukError, toE164 } from '@souk/sync';
import type { DevOutbox } from '../auth/code-sender.ts';
import { isLoopbackAddress } from '../webhooks/address-ranges.ts';
import { carriesForwarding, type Client } from './client-address.ts';
import { register } from './contract-route.ts';
import type { Env } from './session.ts';

const loopbackHost = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/** Whether the outbox may answer this request. */
export function outboxMayAnswer(
  client: Client,
  header: (name: string) => string | undefined,
): boolean {
  return (
    !carriesForwarding(header) &&
    isLoopbackAddress(client.peer) &&
    loopbackHost.test(header('host') ?? '')
  );
}

export function devOutboxRoute(outbox: DevOutbox) {
  const routes = new Hono<Env>();
  const { outbox: described } = devRoutes;
  routes.on(described.method, described.path, async (c, next) => {
    const header = (name: string) =>
      name === 'host' ? (c.req.header('host') ?? new URL(c.req.url).host) : c.req.header(name);
    if (!outboxMayAnswer(c.get('client'), header))
      throw new SoukError('forbidden', 'The development outbox answers only on this machine.');
    await next();
  });
  register(routes, described, (_c, { query: { phone } }) =>
    outbox.list(phone === undefined ? undefined : (toE164(phone) ?? phone)),
  );
  return routes;
}
