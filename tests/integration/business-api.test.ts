/**
 * The Business API end to end, on both backends: keys (shown once, hashed, scoped, revoked,
 * rate-limited), sends of templates and in-window texts by phone number under every consent rule,
 * Idempotency-Key retries, and a message's status following the customer's device as it
 * receives and reads it. The OpenAPI document is served from the routes' own schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationParts, type Message } from '@souk/sync';
import { backends } from '../support/server.ts';
import { eventually } from '../support/people.ts';
import { apiWorld, hour } from './business-api-support.ts';

describe.each(backends)('Business API (%s)', (backend) => {
  const world = apiWorld(backend, '+34 679 100 001', '+3467910', { apiLimits: { perMinute: 200 } });
  let shop: Awaited<ReturnType<typeof world.business>>;
  let sendKey: string;
  let statsKey: string;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Panadería Sol');
    sendKey = await world.key(shop, ['messages:send', 'stats:read']);
    statsKey = await world.key(shop, ['stats:read'], 'dashboards');
  }, 60_000);
  afterAll(() => world.stop());

  const template = (to: string, parameters = { name: 'Ana', order_id: 'A-1' }) => ({
    to,
    template: { name: 'order_shipped', parameters },
  });

  it('shows a key once, lists it by prefix and scopes, never the secret', async () => {
    const listed = await world.h.asBusiness(shop, 'GET', '/business/api-keys');
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    // The secret is everything after `souk_<id>_` (base64url, so it may itself hold '_').
    const secret = sendKey.slice('souk_'.length + 13);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const first = listed.body.find((k: { name: string }) => k.name === 'server');
    expect(first).toMatchObject({ scopes: ['messages:send', 'stats:read'], revokedAt: null });
    expect(sendKey.startsWith(first.prefix.replace('…', ''))).toBe(true);
    // A person's session cannot manage keys, nor a business that has not accepted the terms.
    const person = await world.h.call(world.h.person, 'personal', 'GET', '/business/api-keys');
    expect(person.status).toBe(403);
    const newcomer = await world.h.newBusiness();
    const early = await world.h.asBusiness(newcomer, 'POST', '/business/api-keys', {
      name: 'x',
      scopes: ['messages:send'],
    });
    expect(early).toMatchObject({
      status: 403,
      body: { details: { reason: 'terms_not_accepted' } },
    });
  });

  it('refuses missing, unknown and out-of-scope keys', async () => {
    expect((await world.api(null, 'POST', '/messages', template('+34600000000'))).status).toBe(401);
    const forged = sendKey.slice(0, -4) + 'AAAA';
    expect((await world.api(forged, 'POST', '/messages', template('+34600000000'))).status).toBe(
      401,
    );
    const scoped = await world.api(statsKey, 'POST', '/messages', template('+34600000000'));
    expect(scoped).toMatchObject({ status: 403, body: { kind: 'forbidden' } });
    const stats = await world.api(statsKey, 'GET', '/stats?days=7');
    expect(stats.status).toBe(200);
    expect(stats.body.totals).toBeDefined();
  });

  it('answers precise errors: bad body, unknown number, unknown template, missing parameter', async () => {
    const bad = await world.api(sendKey, 'POST', '/messages', { to: '+34600000000' });
    expect(bad).toMatchObject({ status: 400, body: { kind: 'bad_request' } });
    const nobody = await world.api(sendKey, 'POST', '/messages', template('+34699999999'));
    expect(nobody).toMatchObject({ status: 404, body: { kind: 'not_on_souk' } });
    const customer = await world.person();
    const unknown = await world.api(sendKey, 'POST', '/messages', {
      to: customer.who.phone,
      template: { name: 'no_such', parameters: {} },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.details.reason).toBe('template_not_found');
    const missing = await world.api(
      sendKey,
      'POST',
      '/messages',
      template(customer.who.phone, { name: 'Ana' } as never),
    );
    expect(missing).toMatchObject({ status: 400, body: { details: { reason: 'parameters' } } });
  });

  it('refuses a template to someone who did not opt in, and text outside any window', async () => {
    const customer = await world.person();
    const refused = await world.api(sendKey, 'POST', '/messages', template(customer.who.phone));
    expect(refused).toMatchObject({
      status: 403,
      body: { kind: 'not_delivered', details: { reason: 'not_opted_in' } },
    });
    const text = await world.api(sendKey, 'POST', '/messages', {
      to: customer.who.phone,
      text: 'Hello!',
    });
    expect(text.body.details.reason).toBe('outside_window');
    await world.prefs(customer, { [`optIn:${shop.id}`]: true, businessMessages: false });
    const off = await world.api(sendKey, 'POST', '/messages', template(customer.who.phone));
    expect(off.body.details.reason).toBe('business_messages_off');
    // Counted with the app's refusals in the statistics.
    const stats = await world.api(statsKey, 'GET', '/stats?days=1');
    const reasons = stats.body.refusals.map((r: { reason: string }) => r.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['not_opted_in', 'outside_window', 'business_messages_off']),
    );
  });

  it('sends once per Idempotency-Key and follows the customer’s device to read', async () => {
    const customer = await world.person();
    await world.prefs(customer, { [`optIn:${shop.id}`]: true });
    const headers = { 'Idempotency-Key': 'order-A-1' };
    const sent = await world.api(
      sendKey,
      'POST',
      '/messages',
      template(customer.who.phone),
      headers,
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({
      status: 'sent',
      kind: 'template',
      template: 'order_shipped',
    });
    const again = await world.api(
      sendKey,
      'POST',
      '/messages',
      template(customer.who.phone),
      headers,
    );
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(sent.body.id);
    const other = await world.api(
      sendKey,
      'POST',
      '/messages',
      template(customer.who.phone, { name: 'Bo', order_id: 'B-2' }),
      headers,
    );
    expect(other).toMatchObject({ status: 409, body: { kind: 'conflict' } });

    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = chat.body.doc as string;
    const stored = conversationParts(
      await (async () => {
        const Y = await import('yjs');
        const d = new Y.Doc();
        Y.applyUpdate(d, await world.h.server.store.readStored(doc));
        return d;
      })(),
    ).messages.toArray() as Message[];
    expect(stored.filter((m) => m.id === sent.body.id)).toHaveLength(1);
    expect(stored).toHaveLength(1);
    const n = stored[0]!.n;

    await customer.device.open(doc);
    await world.receipt(customer, doc, n);
    // Each poll in a new minute: the key's rate limit is not what this test is about.
    const poll = () => (
      world.advance(60_000),
      world.api(sendKey, 'GET', `/messages/${sent.body.id}`)
    );
    await eventually(async () => (await poll()).body.status === 'delivered');
    await world.receipt(customer, doc, n, n);
    await eventually(async () => (await poll()).body.status === 'read');
    const read = (await poll()).body;
    expect(read.readAt).toBeGreaterThanOrEqual(read.deliveredAt);
    // A customer with read receipts off whose device claims a read: delivered, never read.
    const quiet = await world.person();
    await world.prefs(quiet, { [`optIn:${shop.id}`]: true, readReceipts: false });
    const toQuiet = await world.api(sendKey, 'POST', '/messages', template(quiet.who.phone));
    expect(toQuiet.status, JSON.stringify(toQuiet.body)).toBe(201);
    const quietDoc = (
      await world.h.call(quiet.who, 'personal', 'POST', '/chats', { businessId: shop.id })
    ).body.doc as string;
    await quiet.device.open(quietDoc);
    await world.receipt(quiet, quietDoc, 1, 1);
    const pollQuiet = () => (
      world.advance(60_000),
      world.api(sendKey, 'GET', `/messages/${toQuiet.body.id}`)
    );
    await eventually(async () => (await pollQuiet()).body.status === 'delivered');
    await world.h.server.businessApi.settled();
    expect((await pollQuiet()).body.status).toBe('delivered');
    // Another business's key does not see it.
    const rival = await world.business('Café Luna');
    const rivalKey = await world.key(rival, ['messages:send']);
    expect((await world.api(rivalKey, 'GET', `/messages/${sent.body.id}`)).status).toBe(404);
  });

  it('sends once when the same Idempotency-Key arrives twice at the same moment', async () => {
    world.advance(60_000);
    const customer = await world.person();
    await world.prefs(customer, { [`optIn:${shop.id}`]: true });
    const headers = { 'Idempotency-Key': 'order-C-3' };
    const body = template(customer.who.phone, { name: 'Cy', order_id: 'C-3' });
    const answers = await Promise.all([
      world.api(sendKey, 'POST', '/messages', body, headers),
      world.api(sendKey, 'POST', '/messages', body, headers),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect([
      [200, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const Y = await import('yjs');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, await world.h.server.store.readStored(chat.body.doc));
    expect(conversationParts(stored).messages.length).toBe(1);
  });

  it('sends text only inside the 24-hour window after the customer’s last message', async () => {
    world.advance(60_000);
    const customer = await world.person();
    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = chat.body.doc as string;
    await customer.device.open(doc);
    expect((await world.say(customer, doc, 'Is my order ready?')).type).toBe('ack');
    const text = { to: customer.who.phone, text: 'Yes, come by at five.' };
    const inside = await world.api(sendKey, 'POST', '/messages', text);
    expect(inside.status, JSON.stringify(inside.body)).toBe(201);
    world.advance(25 * hour);
    const outside = await world.api(sendKey, 'POST', '/messages', text);
    expect(outside).toMatchObject({ status: 403, body: { details: { reason: 'outside_window' } } });
    // Blocked: even a template is refused.
    await world.prefs(customer, { [`optIn:${shop.id}`]: true, [`blocked:${shop.id}`]: true });
    const blocked = await world.api(sendKey, 'POST', '/messages', template(customer.who.phone));
    expect(blocked.body.details.reason).toBe('blocked_by_recipient');
  });

  it('stops a suspended business, a revoked key, and a key over its rate', async () => {
    const customer = await world.person();
    await world.prefs(customer, { [`optIn:${shop.id}`]: true });
    const shop2 = await world.business('Frutas Ruiz');
    const key2 = await world.key(shop2, ['messages:send']);
    await world.prefs(customer, { [`optIn:${shop2.id}`]: true });
    const suspend = await world.h.admin('POST', `/admin/businesses/${shop2.id}/suspend`, {
      reason: 'test',
    });
    expect(suspend.status).toBe(200);
    const suspended = await world.api(key2, 'POST', '/messages', template(customer.who.phone));
    expect(suspended).toMatchObject({ status: 403, body: { kind: 'forbidden' } });

    const spare = await world.key(shop, ['messages:send'], 'spare');
    const listed = await world.h.asBusiness(shop, 'GET', '/business/api-keys');
    const id = listed.body.find((k: { name: string }) => k.name === 'spare').id;
    expect((await world.h.asBusiness(shop, 'DELETE', `/business/api-keys/${id}`)).status).toBe(200);
    expect((await world.api(spare, 'GET', '/messages/x')).status).toBe(401);

    world.advance(60_000);
    const limited = await world.key(shop, ['stats:read'], 'busy');
    const answers: number[] = [];
    for (let i = 0; i < 202; i++)
      answers.push((await world.api(limited, 'GET', '/stats?days=1')).status);
    expect(answers.slice(0, 200).every((s) => s === 200)).toBe(true);
    expect(answers.slice(200)).toEqual([429, 429]);
    world.advance(60_000);
    expect((await world.api(limited, 'GET', '/stats')).status).toBe(200);
  });

  it('serves an OpenAPI document built from the routes’ schemas', async () => {
    const doc = await world.api(null, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual([
      '/messages',
      '/messages/{id}',
      '/reactions',
      '/stats',
      '/yjs/tokens',
    ]);
    const send = doc.body.components.schemas.SendMessage;
    expect(Object.keys(send.properties)).toEqual([
      'to',
      'template',
      'text',
      'location',
      'contact',
      'voice',
      'audio',
      'document',
      'video',
      'replyTo',
    ]);
  });
});
