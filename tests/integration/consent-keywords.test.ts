/**
 * STOP / START (issue 5, item 1) through the real server: a person's reply that is only a stop
 * keyword (STOP, BAJA, …) opts them out of that business in their own preferences document, and
 * the platform confirms in the conversation in the keyword's language; START (ALTA, …) opts back
 * in. Both parties' devices receive both changes live. Anything else is an ordinary message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationParts,
  detectKeyword,
  docName,
  keywordConfirmation,
  preferencesMap,
  type Message,
} from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, textOf, type Member } from '../support/consent.ts';
import { eventually } from '../support/people.ts';

describe.each(backends)('STOP and START, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 300 001', '+3467740');
  let shop: Member;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Frutería Ana');
  }, 60_000);
  afterAll(() => world.stop());

  const optIn = async (person: Member) =>
    preferencesMap(await world.stored(docName('prefs', person.who.id))).get(`optIn:${shop.who.id}`);
  const systemMessages = async (doc: string) =>
    (await world.storedMessages(doc)).filter((m) => m.kind === 'system');
  const seenBy = (member: Member, doc: string, id: string) =>
    conversationParts(member.device.doc(doc))
      .messages.toArray()
      .some((m: Message) => m.id === id);

  it.each([
    ['STOP', 'opt_out'],
    ['baja', 'opt_out'],
    ['  Stop!  ', 'opt_out'],
  ] as const)('%j opts out, with a confirmation in its language', async (keyword, action) => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));

    expect(await world.say(person, doc, keyword)).toMatchObject({ type: 'ack' });
    await eventually(async () => (await systemMessages(doc)).length === 1, 5000, 'confirmed');
    expect(await optIn(person)).toBe(false); // written before the confirmation
    const [confirmation] = await systemMessages(doc);
    expect(confirmation).toMatchObject({
      author: 'platform',
      n: 0,
      kind: 'system',
      event: 'opted_out',
      text: keywordConfirmation(detectKeyword(keyword)!, 'Frutería Ana'),
    });
    expect(detectKeyword(keyword)?.action).toBe(action);
    // The keyword itself reached the business like any message, then the confirmation both.
    expect((await world.storedMessages(doc)).map((m) => m.kind)).toEqual(['text', 'system']);
    await eventually(() => seenBy(person, doc, confirmation!.id), 5000, 'person sees it');
    await eventually(() => seenBy(shop, doc, confirmation!.id), 5000, 'business sees it');
    await eventually(
      () =>
        preferencesMap(person.device.doc(docName('prefs', person.who.id))).get(
          `optIn:${shop.who.id}`,
        ) === false,
      5000,
      "the person's devices receive the choice",
    );
  });

  it('a STOP opens no 24-hour window: the business may not answer it free-form', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    expect(await world.say(person, doc, 'STOP')).toMatchObject({ type: 'ack' });
    await eventually(async () => (await systemMessages(doc)).length === 1, 5000, 'stopped');
    expect(await world.say(shop, doc, 'Are you sure? 20% off!')).toMatchObject({
      type: 'error',
      kind: 'not_delivered',
      code: 'outside_window',
    });
    // Any other message does open it.
    expect(await world.say(person, doc, 'Actually, one question')).toMatchObject({ type: 'ack' });
    expect(await world.say(shop, doc, 'Of course!')).toMatchObject({ type: 'ack' });
  });

  it('START (or ALTA) opts back in; each reply confirmed once', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    expect(await world.say(person, doc, 'STOP')).toMatchObject({ type: 'ack' });
    await eventually(async () => (await systemMessages(doc)).length === 1, 5000, 'stopped');
    expect(await world.say(person, doc, 'Start')).toMatchObject({ type: 'ack' });
    await eventually(async () => (await systemMessages(doc)).length === 2, 5000, 'started');
    expect(await optIn(person)).toBe(true);
    expect(await world.say(person, doc, 'ALTA')).toMatchObject({ type: 'ack' });
    await eventually(async () => (await systemMessages(doc)).length === 3, 5000, 'three');
    expect((await systemMessages(doc)).map((m) => m.kind === 'system' && m.event)).toEqual([
      'opted_out',
      'opted_in',
      'opted_in',
    ]);
    expect(textOf((await systemMessages(doc))[2]!)).toBe(
      keywordConfirmation(detectKeyword('ALTA')!, 'Frutería Ana'),
    );
    expect(await optIn(person)).toBe(true);
  });

  it('anything but the bare keyword is an ordinary message; people’s chats have no keywords', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));
    expect(await world.say(person, doc, 'stop sending me stuff')).toMatchObject({ type: 'ack' });
    expect(await world.say(person, doc, 'no pares')).toMatchObject({ type: 'ack' });

    const friend = await world.person();
    const reply = await world.startChat(person.who, 'personal', { phone: friend.who.phone });
    const private_ = reply.body.doc as string;
    await person.device.open(private_);
    expect(await world.say(person, private_, 'STOP')).toMatchObject({ type: 'ack' });

    // A marker message after them: once it is stored, any follow-up would have been too.
    expect(await world.say(person, doc, 'ok')).toMatchObject({ type: 'ack' });
    expect(await systemMessages(doc)).toEqual([]);
    expect(await systemMessages(private_)).toEqual([]);
    expect(await optIn(person)).toBe(true);
  });
});
