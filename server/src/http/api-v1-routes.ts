/**
 * The Business API over HTTP. `/api/v1/*` is for a business's own servers: an API key
 * (`Authorization: Bearer souk_…`) instead of a session, scopes per route, the key's rate limit,
 * and the OpenAPI document at `/api/v1/openapi.json`. The business app manages keys, the webhook
 * endpoint and reads the delivery log under `/api/business/*` with its session (business-routes.ts
 * puts those behind the business gate).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import {
  apiSettingsRoutes as described,
  businessApiDocRoutes,
  businessApiRoutes as v1,
  businessApiScopes as scopes,
  SoukError,
  type ApiScope,
} from '@souk/sync';
import type { ApiCaller } from '../api/api-keys.ts';
import type { BusinessApi } from '../api/business-api.ts';
import { openApiDocument } from '../api/openapi.ts';
import type { Stats } from '../stats/stats.ts';
import { register } from './contract-route.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { YjsTokens } from '../yjs/yjs-tokens.ts';
import { issueYjsToken } from './yjs-token-routes.ts';
import { requireSession, type Env } from './session.ts';

/** Routes with paths relative to `/api` (as described in the contract): mount at `/api`. */
export function apiV1Routes(
  api: BusinessApi,
  stats: Stats | undefined,
  yjs?: { tokens: YjsTokens; store: DocStore },
) {
  const routes = new Hono<Env>();
  // The key and its scope are checked before the body or query, as a 401/403 tells a caller
  // nothing about its request; the caller is kept per request for the handler.
  const callers = new WeakMap<Request, ApiCaller>();
  const keyed =
    (scope: ApiScope, check?: (c: Context<Env>) => Promise<void> | void): MiddlewareHandler<Env> =>
    async (c, next) => {
      callers.set(c.req.raw, await api.keys.authenticate(c.req.header('authorization'), scope));
      await check?.(c);
      await next();
    };
  const callerOf = (c: Context<Env>): ApiCaller => callers.get(c.req.raw)!;

  register(routes, businessApiDocRoutes.openApi, (c) => openApiDocument(new URL(c.req.url).origin));

  routes.post(v1.send.path, keyed(scopes.send, readJson));
  register(routes, v1.send, async (c, { body, setStatus }) => {
    const key = (c.req.header('idempotency-key') ?? '').trim();
    const { message, replayed } = await api.messages.send(callerOf(c), body, key);
    if (replayed) {
      c.header('Idempotent-Replayed', 'true');
      setStatus(200);
    }
    return message;
  });

  routes.get(v1.message.path, keyed(scopes.message));
  register(routes, v1.message, (c, { params }) =>
    api.messages.get(callerOf(c).businessId, params.id!),
  );

  routes.delete(v1.deleteMessage.path, keyed(scopes.deleteMessage));
  register(routes, v1.deleteMessage, (c, { params }) =>
    api.actions.remove(callerOf(c), params.id!),
  );

  routes.post(v1.react.path, keyed(scopes.react, readJson));
  register(routes, v1.react, (c, { body }) => api.actions.react(callerOf(c), body));

  routes.get(
    v1.stats.path,
    keyed(scopes.stats, () => {
      if (!stats) throw new SoukError('not_found', 'Statistics are not available here.');
    }),
  );
  register(routes, v1.stats, (c, { query }) => stats!.business(callerOf(c).businessId, query));

  if (yjs) {
    routes.post(v1.yjsToken.path, keyed(scopes.yjsToken));
    register(routes, v1.yjsToken, (c, { body }) => {
      const { keyId, businessId } = callerOf(c);
      const holder = { kind: 'key', keyId, businessId } as const;
      return issueYjsToken(yjs, holder, { id: businessId, kind: 'business' }, body.doc);
    });
  }

  routes.all('/v1/*', () => {
    throw new SoukError('not_found', 'No such API route.');
  });
  return routes;
}

/**
 * Checks the Idempotency-Key, then reads the body as JSON whatever its Content-Type (as the API
 * always has), so the shared schema sees it; a body that is not JSON is a 400.
 */
async function readJson(c: Context<Env>): Promise<void> {
  if ((c.req.header('idempotency-key') ?? '').trim().length > 200)
    throw new SoukError('bad_request', 'Idempotency-Key is at most 200 characters.');
  try {
    await c.req.json();
  } catch {
    throw new SoukError('bad_request', 'The request body must be JSON.');
  }
  // The validator reads only a body labelled JSON; this one is (it parsed), whatever the label.
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
    c.req.raw.headers.set('content-type', 'application/json');
}

function businessOf(c: Context<Env>): string {
  const session = requireSession(c);
  if (session.identity.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  return session.identity.id;
}

/** Keys, webhook endpoint and delivery log, for the business app (session; business gate). */
/** `revoked`: told of a revoked key (its y-websocket sockets close). */
export function apiSettingsRoutes(api: BusinessApi, revoked?: (keyId: string) => void) {
  const routes = new Hono<Env>();
  register(routes, described.keys, (c) => api.keys.list(businessOf(c)));
  register(routes, described.createKey, (c, { body }) => api.keys.create(businessOf(c), body));
  register(routes, described.revokeKey, async (c, { params }) => {
    await api.keys.revoke(businessOf(c), params.id!);
    revoked?.(params.id!);
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
