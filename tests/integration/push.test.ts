/**
 * Web Push (issue 5, item 5) through the real server. A local HTTP endpoint plays the browser's
 * push service: each subscription carries a P-256 key pair and an auth secret made here, as a
 * browser makes them, and the endpoint decrypts what arrives (aes128gcm, RFC 8291) with them.
 * A new message notifies the other party's browsers, never the sender's own, never a message
 * the rules refused; the payload opens the right chat in the right app; a subscription the push
 * service says is gone (410) is dropped; sign-out drops the session's subscriptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText, chatPath, pushKeySchema } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import { eventually, type SignedIn } from '../support/people.ts';
import { pushService, type PushService } from './push-service.ts';

describe.each(backends)('Web Push, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 800 001', '+3467781');
  let push: PushService;
  let shop: Member;

  beforeAll(async () => {
    await world.start();
    push = await pushService();
    shop = await world.business('Panadería Sol');
  }, 60_000);
  afterAll(async () => {
    await world.stop();
    await push.close();
  });

  const subscribe = async (who: SignedIn, app: 'personal' | 'business', name: string) => {
    const reply = await world.h.call(who, app, 'POST', '/push/subscriptions', push.subscribe(name));
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  };
  /** Two people with a private chat, each with a subscribed browser. */
  const pair = async (tag: string) => {
    const alice = await world.person();
    const bob = await world.person();
    const reply = await world.startChat(alice.who, 'personal', { phone: bob.who.phone });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const doc = reply.body.doc as string;
    await alice.device.open(doc);
    await bob.device.open(doc);
    await subscribe(alice.who, 'personal', `${tag}-alice`);
    await subscribe(bob.who, 'personal', `${tag}-bob`);
    return { alice, bob, doc };
  };
  const settled = () => world.h.server.push.settled();

  it('serves the VAPID public key, the same on every call', async () => {
    const first = await world.h.call(null, 'personal', 'GET', '/push/key');
    const second = await world.h.call(null, 'personal', 'GET', '/push/key');
    expect(pushKeySchema.parse(first.body).publicKey).toBe(second.body.publicKey);
  });

  it("notifies the other party's browser, encrypted, with the chat to open", async () => {
    const { alice, bob, doc } = await pair('first');
    expect(await world.say(alice, doc, 'Hola Bob, ¿quedamos mañana?')).toMatchObject({
      type: 'ack',
    });
    await eventually(() => push.received('first-bob').length === 1, 5000, 'the push');
    await settled();
    const [push1] = push.received('first-bob');
    expect(push1!.payload).toEqual({
      doc,
      app: 'personal',
      title: alice.who.phone,
      body: 'Hola Bob, ¿quedamos mañana?',
    });
    expect(chatPath(push1!.payload.app, push1!.payload.doc)).toBe(`/chat/${doc.slice(5)}`);
    // Signed with the server's VAPID key, encrypted as RFC 8291 says.
    const key = (await world.h.call(null, 'personal', 'GET', '/push/key')).body.publicKey;
    expect(push1!.headers.authorization).toMatch(new RegExp(`^vapid t=[^,]+, k=${key}$`));
    expect(push1!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push1!.headers.ttl)).toBeGreaterThan(0);
    // Never the sender's own browser.
    expect(push.received('first-alice')).toEqual([]);

    expect(await world.say(bob, doc, 'x'.repeat(400))).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('first-alice').length === 1, 5000, 'the reply');
    const body = push.received('first-alice')[0]!.payload.body;
    expect(body.length).toBeLessThanOrEqual(160);
    expect(body.endsWith('…')).toBe(true);
    expect(push.received('first-bob')).toHaveLength(1);
  });

  it('never notifies a message the rules refused', async () => {
    const { alice, bob, doc } = await pair('refused');
    // A forged message: Alice writes one as Bob.
    const forged = await alice.device.write(doc, (d) => appendText(d, bob.who.id, 'forged', 1));
    expect(forged).toMatchObject({ type: 'error', kind: 'refused_update' });
    // Bob blocks Alice: her message is not delivered.
    await world.prefs(bob, (map) => map.set(`blockedPerson:${alice.who.id}`, true));
    const blocked = await world.say(alice, doc, 'are you there?');
    expect(blocked).toMatchObject({ type: 'error', kind: 'not_delivered' });
    await world.prefs(bob, (map) => map.set(`blockedPerson:${alice.who.id}`, false));
    expect(await world.say(alice, doc, 'unblocked')).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('refused-bob').length > 0, 5000, 'the push');
    await settled();
    expect(push.received('refused-bob').map((p) => p.payload.body)).toEqual(['unblocked']);
    expect(push.received('refused-alice')).toEqual([]);
  });

  it('a business app browser opens the business chat; the person sees the business name', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await subscribe(shop.who, 'business', 'shop');
    await subscribe(person.who, 'personal', 'shop-customer');
    expect(await world.say(person, doc, '¿Tenéis pan de centeno?')).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('shop').length === 1, 5000, 'the push to the shop');
    const toShop = push.received('shop')[0]!.payload;
    expect(toShop).toMatchObject({ app: 'business', title: person.who.phone });
    expect(chatPath(toShop.app, toShop.doc)).toBe(`/business/chat/${doc.slice(5)}`);

    expect(await world.say(shop, doc, 'Sí, hasta las 14:00')).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('shop-customer').length === 1, 5000, 'the answer');
    expect(push.received('shop-customer')[0]!.payload).toMatchObject({
      app: 'personal',
      title: 'Panadería Sol',
      body: 'Sí, hasta las 14:00',
    });
  });

  it('drops a subscription the push service says is gone', async () => {
    const { alice, bob, doc } = await pair('gone');
    push.answer('gone-bob', 410);
    expect(await world.say(alice, doc, 'one')).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('gone-bob').length === 1, 5000, 'the push');
    await eventually(
      async () => (await world.h.server.push.subscriptions.of([bob.who.id])).length === 0,
      5000,
      'the subscription dropped',
    );
    expect(await world.say(alice, doc, 'two')).toMatchObject({ type: 'ack' });
    await settled();
    expect(push.received('gone-bob')).toHaveLength(1);
  });

  it('unsubscribing and signing out stop the pushes', async () => {
    const { alice, bob, doc } = await pair('off');
    const off = await world.h.call(bob.who, 'personal', 'DELETE', '/push/subscriptions', {
      endpoint: push.subscribe('off-bob').endpoint,
    });
    expect(off.status).toBe(200);
    expect(await world.h.server.push.subscriptions.of([bob.who.id])).toEqual([]);
    expect(await world.say(alice, doc, 'hello?')).toMatchObject({ type: 'ack' });
    expect(await world.say(bob, doc, 'still here')).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('off-alice').length === 1, 5000, 'the push');
    await settled();
    expect(push.received('off-bob')).toEqual([]);

    const out = await world.h.call(alice.who, 'personal', 'POST', '/auth/sign-out');
    expect(out.status).toBe(200);
    await eventually(
      async () => (await world.h.server.push.subscriptions.of([alice.who.id])).length === 0,
      5000,
      'sign-out dropped it',
    );
    expect(await world.say(bob, doc, 'bye')).toMatchObject({ type: 'ack' });
    await settled();
    expect(push.received('off-alice')).toHaveLength(1);
  });

  it('keeps one subscription per session, and one session per browser and app', async () => {
    const { alice, bob } = await pair('one');
    await subscribe(bob.who, 'personal', 'one-bob-new');
    expect(
      (await world.h.server.push.subscriptions.of([bob.who.id])).map((t) => t.endpoint),
    ).toEqual([push.subscribe('one-bob-new').endpoint]);
    // Bob's browser, now signed in as Alice too (a new session in the same app): hers from now on.
    await subscribe(alice.who, 'personal', 'one-bob-new');
    expect(await world.h.server.push.subscriptions.of([bob.who.id])).toEqual([]);
    expect(
      (await world.h.server.push.subscriptions.of([alice.who.id])).map((t) => t.endpoint),
    ).toEqual([push.subscribe('one-bob-new').endpoint]);
  });

  it('refuses endpoints that are not HTTPS to a public host, and strangers', async () => {
    const person = await world.person();
    const keys = push.subscribe('unused').keys;
    for (const endpoint of [
      'http://push.example.com/x',
      'https://10.0.0.1/x',
      'https://169.254.169.254/latest',
      'https://localhost/x',
      'http://192.168.0.1:8080/x',
      // The webhooks' address guard: translated, embedded and benchmarking forms too.
      'https://198.18.0.1/x',
      'https://[64:ff9b::a9fe:a9fe]/x',
      'https://[::ffff:0:a00:1]/x',
      'https://[::a00:1]/x',
      'https://[2002:c0a8:1::1]/x',
    ]) {
      const reply = await world.h.call(person.who, 'personal', 'POST', '/push/subscriptions', {
        endpoint,
        keys,
      });
      expect(reply.status, endpoint).toBe(400);
    }
    const bad = await world.h.call(person.who, 'personal', 'POST', '/push/subscriptions', {
      endpoint: 'https://push.example.com/x',
      keys: { p256dh: 'short', auth: keys.auth },
    });
    expect(bad.status).toBe(400);
    const stranger = await world.h.call(null, 'personal', 'POST', '/push/subscriptions', {
      endpoint: 'https://push.example.com/x',
      keys,
    });
    expect(stranger.status).toBe(401);
  });
});
