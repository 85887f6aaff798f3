/**
 * The consent rules hold when the business's app is modified to bypass its UI (issue 5, item 6):
 * every frame here is written by hand. Whatever a business sends outside the rules (a free-form
 * message after the window, into the head or an epoch document; a message forged as the
 * customer's to reopen the window; a fake platform confirmation; a message hidden in a receipt
 * update; a write into the customer's preferences) is refused with a reason, stored nowhere and
 * forwarded to no one. Also: who may start a chat with whom (`POST /api/chats`), and people
 * blocking people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import {
  appendSystem,
  appendText,
  conversationParts,
  docName,
  preferencesMap,
  type RefusalReason,
  type ServerFrame,
} from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, textOf, type Member } from '../support/consent.ts';

const notDelivered = (reason: RefusalReason) => ({
  type: 'error',
  kind: 'not_delivered',
  code: reason,
});

/** Every message text carried by the `sync` frames a device received. */
function textsIn(frames: ServerFrame[]): string[] {
  const texts: string[] = [];
  for (const frame of frames) {
    if (frame.type !== 'sync') continue;
    const decoder = decoding.createDecoder(frame.body);
    decoding.readVarUint(decoder);
    const { structs } = Y.decodeUpdate(decoding.readVarUint8Array(decoder));
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
      for (const value of struct.content.getContent()) {
        const text = (value as { text?: unknown } | null)?.text;
        if (typeof text === 'string') texts.push(text);
      }
    }
  }
  return texts;
}

describe.each(backends)('a modified business app, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 100 001', '+3467720');
  let shop: Member;
  let customer: Member;
  let chat: string;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Ferretería Luz');
    customer = await world.person();
    chat = await world.chatWith(customer, shop);
    expect(await world.say(customer, chat, 'Do you sell nails?')).toMatchObject({ type: 'ack' });
    world.advance(25 * hour);
  }, 60_000);
  afterAll(() => world.stop());

  it('refuses every forged send, stores none and forwards none', async () => {
    const mark = customer.device.socket.frames.length;
    const storedBefore = (await world.storedMessages(chat)).length;
    const now = world.clock.now();

    // 1. Free-form after the window.
    expect(await world.say(shop, chat, 'BIG SALE today only!')).toMatchObject({
      ...notDelivered('outside_window'),
      doc: chat,
    });
    // 2. The same into the next epoch's document: the window is the conversation's, not the doc's.
    expect(await world.say(shop, `${chat}~1`, 'BIG SALE in epoch one')).toMatchObject(
      notDelivered('outside_window'),
    );
    // 3. A message forged as the customer's, to reopen the window.
    expect(
      await shop.device.write(chat, (d) => appendText(d, customer.who.id, 'please write me', now)),
    ).toMatchObject({ type: 'error', doc: chat });
    // 4. A fake platform confirmation.
    expect(
      await shop.device.write(chat, (d) => appendSystem(d, 'opted_in', 'You opted in.', now)),
    ).toMatchObject({ type: 'error', doc: chat });
    // 5. A message hidden in an update that also moves the business's receipt.
    expect(
      await shop.device.write(chat, (d) => {
        conversationParts(d).receipts.set(shop.who.id, { d: 1, r: 1 });
        appendText(d, shop.who.id, 'SALE hidden with a receipt', now);
      }),
    ).toMatchObject(notDelivered('outside_window'));
    // 6. A new message reusing the id of a stored one, to pass as already delivered.
    const [first] = await world.storedMessages(chat);
    expect(
      await shop.device.write(chat, (d) =>
        conversationParts(d).messages.push([
          { id: first!.id, author: shop.who.id, n: 1, at: now, kind: 'text', text: 'SALE' },
        ]),
      ),
    ).toMatchObject(notDelivered('outside_window'));
    // 7. Opting the customer in on their behalf.
    expect(
      await shop.device.write(docName('prefs', customer.who.id), (d) =>
        preferencesMap(d).set(`optIn:${shop.who.id}`, true),
      ),
    ).toMatchObject({ type: 'error', kind: 'forbidden' });

    // 8. Not a send: the customer's own stored message coming back in the business's update (as a
    // reconnecting app may send its copy) is not judged as the business's.
    expect(
      await shop.device.send(chat, Y.encodeStateAsUpdate(customer.device.doc(chat))),
    ).toMatchObject({ type: 'ack' });

    const stored = await world.storedMessages(chat);
    expect(stored).toHaveLength(storedBefore);
    expect(stored.map(textOf)).toEqual(['Do you sell nails?']);
    expect((await world.storedMessages(`${chat}~1`)).length).toBe(0);
    expect(conversationParts(await world.stored(chat)).receipts.get(shop.who.id)).toBeUndefined();
    expect(
      preferencesMap(await world.stored(docName('prefs', customer.who.id))).get(
        `optIn:${shop.who.id}`,
      ),
    ).toBeUndefined();

    // Receipts alone still go through; their forward reaching the customer proves that nothing
    // refused before them was forwarded (fan-out keeps commit order).
    expect(
      await shop.device.write(chat, (d) =>
        conversationParts(d).receipts.set(shop.who.id, { d: 1, r: 1 }),
      ),
    ).toMatchObject({ type: 'ack' });
    await customer.device.socket.next(
      (f) => f.type === 'sync' && f.doc === chat && customer.device.since(mark).includes(f),
    );
    expect(textsIn(customer.device.since(mark))).toEqual([]);
  });

  it('inside the window a forged customer message and a fake confirmation are still refused', async () => {
    expect(await world.say(customer, chat, 'Still there?')).toMatchObject({ type: 'ack' });
    const now = world.clock.now();
    expect(
      await shop.device.write(chat, (d) => appendText(d, customer.who.id, 'forged', now)),
    ).toMatchObject({ type: 'error', kind: 'refused_update' });
    expect(
      await shop.device.write(chat, (d) => appendSystem(d, 'opted_in', 'You opted in.', now)),
    ).toMatchObject({
      type: 'error',
      kind: 'refused_update',
      code: 'system_message',
    });
    const mark = customer.device.socket.frames.length;
    expect(await world.say(shop, chat, 'Yes, 2 € a box.')).toMatchObject({ type: 'ack' });
    await customer.device.socket.next(
      (f) => f.type === 'sync' && customer.device.since(mark).includes(f),
    );
    expect(textsIn(customer.device.since(mark))).toEqual(['Yes, 2 € a box.']);
    expect(await world.storedTexts(chat)).toEqual([
      'Do you sell nails?',
      'Still there?',
      'Yes, 2 € a box.',
    ]);
  });

  it('the window closes 24 hours after the customer’s last message', async () => {
    world.advance(24 * hour - 60_000);
    expect(await world.say(shop, chat, 'Anything else?')).toMatchObject({ type: 'ack' });
    world.advance(60_000);
    expect(await world.say(shop, chat, 'Hello?')).toMatchObject(notDelivered('outside_window'));
  });
});

describe.each(backends)('starting chats, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 200 001', '+3467730');
  let shop: Member;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Librería Mar');
  }, 60_000);
  afterAll(() => world.stop());

  it('a person opens one chat with a business, by its id', async () => {
    const person = await world.person();
    const first = await world.startChat(person.who, 'personal', { businessId: shop.who.id });
    expect(first).toMatchObject({
      status: 200,
      body: { peer: { id: shop.who.id, kind: 'business', name: 'Librería Mar' } },
    });
    const again = await world.startChat(person.who, 'personal', { businessId: shop.who.id });
    expect(again.body.doc).toBe(first.body.doc);
    const doc = await world.stored(first.body.doc);
    expect(conversationParts(doc).meta.get('kind')).toBe('business');
    expect(conversationParts(doc).meta.get('participants')).toEqual([
      { id: person.who.id, kind: 'person', phone: person.who.phone },
      { id: shop.who.id, kind: 'business', name: 'Librería Mar' },
    ]);
    // The business reopening it by the person's phone finds the same chat.
    const fromShop = await world.startChat(shop.who, 'business', { phone: person.who.phone });
    expect(fromShop).toMatchObject({
      status: 200,
      body: { doc: first.body.doc, peer: { id: person.who.id, kind: 'person' } },
    });
  });

  it('refuses unknown and suspended businesses, and businesses naming businesses', async () => {
    const person = await world.person();
    expect(
      await world.startChat(person.who, 'personal', { businessId: 'no-such-business' }),
    ).toMatchObject({ status: 404, body: { kind: 'not_found' } });
    const closed = await world.business('Tienda Cerrada');
    await world.setSuspended(closed.who.id, true);
    expect(
      await world.startChat(person.who, 'personal', { businessId: closed.who.id }),
    ).toMatchObject({ status: 403, body: { kind: 'forbidden' } });
    expect(
      await world.startChat(shop.who, 'business', { businessId: closed.who.id }),
    ).toMatchObject({
      status: 403,
      body: { details: { reason: 'business_to_business' } },
    });
    expect(
      await world.startChat(person.who, 'personal', { phone: '+34600', businessId: 'x' }),
    ).toMatchObject({ status: 400, body: { kind: 'bad_request' } });
  });

  it('a business starts a chat by phone only with a person who opted in, then only templates', async () => {
    const person = await world.person();
    const start = () => world.startChat(shop.who, 'business', { phone: person.who.phone });
    expect(await start()).toMatchObject({
      status: 403,
      body: {
        kind: 'not_delivered',
        details: { reason: 'not_opted_in' },
      },
    });
    await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));
    await world.prefs(person, (map) => map.set('businessMessages', false));
    expect(await start()).toMatchObject({
      status: 403,
      body: { details: { reason: 'business_messages_off' } },
    });
    await world.prefs(person, (map) => map.set(`blocked:${shop.who.id}`, true));
    expect(await start()).toMatchObject({
      status: 403,
      body: { details: { reason: 'blocked_by_recipient' } },
    });
    await world.prefs(person, (map) => {
      map.set('businessMessages', true);
      map.set(`blocked:${shop.who.id}`, false);
    });

    const started = await start();
    expect(started).toMatchObject({
      status: 200,
      body: { peer: { id: person.who.id, kind: 'person', phone: person.who.phone } },
    });
    const doc = started.body.doc as string;
    await shop.device.open(doc);
    // No customer message yet: a free-form message is not allowed (templates will be).
    expect(await world.say(shop, doc, 'Welcome to our shop!')).toMatchObject(
      notDelivered('outside_window'),
    );
    // The person sees the chat and can answer, which opens the window.
    await person.device.open(doc);
    expect(await world.say(person, doc, 'Hi!')).toMatchObject({ type: 'ack' });
    expect(await world.say(shop, doc, 'Welcome to our shop!')).toMatchObject({ type: 'ack' });
  });

  it('people block people: neither side reaches the other while the block stands', async () => {
    const ana = await world.person();
    const ben = await world.person();
    const reply = await world.startChat(ana.who, 'personal', { phone: ben.who.phone });
    expect(reply.status).toBe(200);
    expect(reply.body.peer).toEqual({ id: ben.who.id, kind: 'person', phone: ben.who.phone });
    const doc = reply.body.doc as string;
    await ana.device.open(doc);
    await ben.device.open(doc);
    expect(await world.say(ben, doc, 'hi Ana')).toMatchObject({ type: 'ack' });

    await world.prefs(ana, (map) => map.set(`blockedPerson:${ben.who.id}`, true));
    expect(await world.say(ben, doc, 'are you there?')).toMatchObject({
      type: 'error',
      kind: 'not_delivered',
      code: 'blocked_by_recipient',
    });
    expect(await world.say(ana, doc, 'bye')).toMatchObject({
      type: 'error',
      kind: 'not_delivered',
      code: 'blocked_recipient',
    });
    // Receipts are not messages: reading still works while blocked.
    expect(
      await ana.device.write(doc, (d) =>
        conversationParts(d).receipts.set(ana.who.id, { d: 1, r: 1 }),
      ),
    ).toMatchObject({ type: 'ack' });

    await world.prefs(ana, (map) => map.set(`blockedPerson:${ben.who.id}`, false));
    expect(await world.say(ben, doc, 'hello again')).toMatchObject({ type: 'ack' });
    expect(await world.storedTexts(doc)).toEqual(['hi Ana', 'hello again']);
  });
});
