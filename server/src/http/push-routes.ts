/**
 * Web Push over HTTP: the server's VAPID public key, and a session registering or dropping its
 * browser's subscription. The endpoint is checked here (HTTPS to a public address, the
 * webhooks' address guard; see push/endpoint.ts) so no subscription can point the server at its own network.
 */
import { Hono } from 'hono';
import { pushSubscriptionSchema, pushUnsubscribeSchema, SoukError, type PushKey } from '@souk/sync';
import type { Push } from '../push/push.ts';
import { checkPushEndpoint } from '../push/endpoint.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

export function pushRoutes(push: Push) {
  const routes = new Hono<Env>();

  routes.get('/push/key', (c) => c.json({ publicKey: push.publicKey } satisfies PushKey));

  routes.post('/push/subscriptions', async (c) => {
    const session = requireSession(c);
    const subscription = await parseBody(c, pushSubscriptionSchema);
    if ((await checkPushEndpoint(subscription.endpoint, push.policy)) !== null)
      throw new SoukError('bad_request', 'This push endpoint is not allowed.', {
        path: 'endpoint',
      });
    await push.subscriptions.save(session, subscription);
    return c.json({ subscribed: true }, 201);
  });

  routes.delete('/push/subscriptions', async (c) => {
    const session = requireSession(c);
    const { endpoint } = await parseBody(c, pushUnsubscribeSchema);
    await push.subscriptions.remove(session.id, endpoint);
    return c.json({ subscribed: false });
  });

  return routes;
}
