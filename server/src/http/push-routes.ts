/**
 * Web Push over HTTP: the server's VAPID public key, and a session registering or dropping its
 * browser's subscription. The endpoint is checked here (HTTPS to a public address, the
 * webhooks' address guard; see push/endpoint.ts) so no subscription can point the server at its own network.
 */
import { Hono } from 'hono';
import { pushRoutes as described, SoukError } from '@souk/sync';
import type { Push } from '../push/push.ts';
import { checkPushEndpoint } from '../push/endpoint.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

export function pushRoutes(push: Push) {
  const routes = new Hono<Env>();

  register(routes, described.key, () => ({ publicKey: push.publicKey }));

  register(routes, described.subscribe, async (c, { body: subscription }) => {
    const session = requireSession(c);
    if ((await checkPushEndpoint(subscription.endpoint, push.policy)) !== null)
      throw new SoukError('bad_request', 'This push endpoint is not allowed.', {
        path: 'endpoint',
      });
    await push.subscriptions.save(session, subscription);
    return { subscribed: true };
  });

  register(routes, described.unsubscribe, async (c, { body: { endpoint } }) => {
    const session = requireSession(c);
    await push.subscriptions.remove(session.id, endpoint);
    return { subscribed: false };
  });

  return routes;
}
