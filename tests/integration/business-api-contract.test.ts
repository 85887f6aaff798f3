/**
 * The Business API as the contract describes it (sync/src/contract/routes/business-api.ts): the
 * key is checked before the body, a JSON body is read whatever its Content-Type, and every
 * refusal's `details.reason` is a code of the closed list (sync/src/contract/codes.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReasonCode } from '@souk/sync';
import { apiWorld } from './business-api-support.ts';

describe('Business API contract', () => {
  const world = apiWorld('pglite', '+34 679 100 101', '+3467911', {
    apiLimits: { perMinute: 200 },
  });
  let shop: Awaited<ReturnType<typeof world.business>>;
  let sendKey: string;
  let statsKey: string;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Horno Luna');
    sendKey = await world.key(shop, ['messages:send']);
    statsKey = await world.key(shop, ['stats:read'], 'dashboards');
  }, 60_000);
  afterAll(() => world.stop());

  const raw = (key: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${world.h.server.url}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, ...headers },
      body,
    });

  it('checks the key and its scope before the body or the query', async () => {
    const nobody = await world.api(null, 'POST', '/messages', { nonsense: true });
    expect(nobody).toMatchObject({ status: 401, body: { kind: 'unauthenticated' } });
    const scoped = await world.api(statsKey, 'POST', '/messages', { nonsense: true });
    expect(scoped).toMatchObject({ status: 403, body: { details: { reason: 'scope' } } });
    const range = await world.api(sendKey, 'GET', '/stats?days=nonsense');
    expect(range).toMatchObject({ status: 403, body: { details: { reason: 'scope' } } });
    expect((await world.api(statsKey, 'GET', '/stats?days=nonsense')).status).toBe(400);
  });

  it('reads a JSON body sent without a JSON Content-Type, and refuses one that is not JSON', async () => {
    const unlabelled = await raw(sendKey, JSON.stringify({ to: '+34699999999', text: 'Hi' }), {
      'content-type': 'text/plain',
    });
    // The body was read: the refusal is about the number, not the body.
    expect(unlabelled.status).toBe(404);
    expect(await unlabelled.json()).toMatchObject({ kind: 'not_on_souk' });
    const broken = await raw(sendKey, '{"to":', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ kind: 'bad_request' });
  });

  it('gives only reason codes of the closed list', async () => {
    const customer = await world.person();
    const refusals = [
      await world.api(statsKey, 'POST', '/messages', { to: customer.who.phone, text: 'Hi' }),
      await world.api(sendKey, 'POST', '/messages', { to: '+34699999999', text: 'Hi' }),
      await world.api(sendKey, 'POST', '/messages', {
        to: customer.who.phone,
        template: { name: 'no_such', parameters: {} },
      }),
      await world.api(sendKey, 'POST', '/messages', {
        to: customer.who.phone,
        template: { name: 'order_shipped', parameters: { name: 'Ana' } },
      }),
      await world.api(sendKey, 'POST', '/messages', { to: customer.who.phone, text: 'Hi' }),
    ];
    const reasons = refusals.map((r) => r.body.details.reason);
    expect(reasons).toEqual([
      'scope',
      'not_on_souk',
      'template_not_found',
      'parameters',
      'outside_window',
    ]);
    for (const reason of reasons) expect(isReasonCode(reason), reason).toBe(true);
  });
});
