/**
 * The Business API over HTTP. `/api/v1/*` is for a business's own servers: an API key
 * (`Authorization: Bearer souk_…`) instead of a session, scopes per route, the key's rate limit,
 * and the OpenAPI document at `/api/v1/openapi.json`. The business app manages keys, the webhook
 * endpoint and reads the delivery log under `/api/business/*` with its session (business-routes.ts
 * puts those behind the business gate).
 */
import { Hono, type Context } from 'hono';
import {
  apiSettingsRoutes as described,
  sendMessageSchema,
  SoukError,
  statsRangeQuerySchema,
} from '@souk/sync';
import type { BusinessApi } from '../api/business-api.ts';
import { openApiDocument } from '../api/openapi.ts';
import type { Stats } from '../stats/stats.ts';
import { parseBody } from './validate.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

export function apiV1Routes(api: BusinessApi, stats: Stats | undefined) {
  const routes = new Hono();

  routes.get('/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)));

  routes.post('/messages', async (c) => {
    const caller = await api.keys.authenticate(c.req.header('authorization'), 'messages:send');
    const key = (c.req.header('idempotency-key') ?? '').trim();
    if (key.length > 200)
      throw new SoukError('bad_request', 'Idempotency-Key is at most 200 characters.');
    const body = await parseBody(c, sendMessageSchema);
    const { message, replayed } = await api.messages.send(caller, body, key);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(message, replayed ? 200 : 201);
  });

  routes.get('/messages/:id', async (c) => {
    const caller = await api.keys.authenticate(c.req.header('authorization'), 'messages:send');
    return c.json(await api.messages.get(caller.businessId, c.req.param('id')));
  });

  routes.get('/stats', async (c) => {
    const caller = await api.keys.authenticate(c.req.header('authorization'), 'stats:read');
    if (!stats) throw new SoukError('not_found', 'Statistics are not available here.');
    const parsed = statsRangeQuerySchema.safeParse(c.req.query());
    if (!parsed.success)
      throw new SoukError('bad_request', parsed.error.issues[0]?.message ?? 'Invalid range.');
    return c.json(await stats.business(caller.businessId, parsed.data));
  });

  routes.all('*', () => {
    throw new SoukError('not_found', 'No such API route.');
  });
  return routes;
}

function businessOf(c: Context<Env>): string {
  const session = requireSession(c);
  if (session.identity.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  return session.identity.id;
}

/** Keys, webhook endpoint and delivery log, for the business app (session; business gate). */
export function apiSettingsRoutes(api: BusinessApi) {
  const routes = new Hono<Env>();
  register(routes, described.keys, (c) => api.keys.list(businessOf(c)));
  register(routes, described.createKey, (c, { body }) => api.keys.create(businessOf(c), body));
  register(routes, described.revokeKey, async (c, { params }) => {
    await api.keys.revoke(businessOf(c), params.id!);
    return { revoked: true };
  });
  register(routes, described.webhook, (c) => api.webhooks.get(businessOf(c)));
  register(routes, described.setWebhook, (c, { body: { url } }) =>
    api.webhooks.set(businessOf(c), url),
  );
  register(routes, described.removeWebhook, async (c) => {
    await api.webhooks.remove(businessOf(c));
    return { removed: true };
  });
  register(routes, described.deliveries, (c) => api.webhooks.deliveries(businessOf(c)));
  return routes;
}
