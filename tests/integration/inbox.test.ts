/**
 * The business inbox tools through the real server (issue 5, item 4): the inbox document is the
 * business's alone (customers and other businesses can neither open nor write it), and the server
 * sends the greeting on a customer's first message and the away message outside the profile's
 * opening hours, at most once per customer per `everyHours`, and neither for a business that has
 * not accepted the current terms or is suspended — on both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  fallbackText,
  inboxDocName,
  randomId,
  readLabels,
  readNotes,
  setAway,
  setGreeting,
  setNote,
  type Message,
  type Template,
  type TemplateDraft,
  type TemplateMessage,
} from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, textOf, type Member } from '../support/consent.ts';
import { eventually } from '../support/people.ts';
import { syncBody } from '../support/platform.ts';

const greeting = 'Welcome to Panadería Sol! We reply within the hour.';
const away = 'We are closed now; we open at 9:00.';
/** Monday to Sunday, 09:00–17:00 UTC. */
const hours = Object.fromEntries([
  ['timezone', 'UTC'],
  ...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['09:00-17:00']]),
]);

/** The next `hh`:00 UTC at least a day from `from`. */
function nextUtcHour(from: number, hh: number): number {
  const day = new Date(from + 24 * hour);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hh);
}

describe.each(backends)('the business inbox, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 500 001', '+3467750');
  let shop: Member;
  let rival: Member;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Panadería Sol');
    rival = await world.business('Horno Luna');
    await shop.device.open(`profile:${shop.who.id}`);
    expect(
      await shop.device.write(`profile:${shop.who.id}`, (d) =>
        d.getMap('profile').set('hours', hours),
      ),
    ).toMatchObject({ type: 'ack' });
    // Open at 10:00 UTC; the away message tests move the clock to 20:00.
    world.advance(nextUtcHour(world.clock.now(), 10) - world.clock.now());
    expect(
      await shop.device.write(inboxDocName(shop.who.id), (d) => {
        setGreeting(d, { enabled: true, text: greeting });
        setAway(d, { enabled: true, text: away, everyHours: 4 });
        setNote(d, 'somechat', 'Private: pays late.');
      }),
    ).toMatchObject({ type: 'ack' });
  }, 60_000);
  afterAll(() => world.stop());

  /** Every update committed so far (each acknowledged message) is handled by the auto-replies. */
  const handled = () => world.h.server.autoReplies.settled();
  const fromShop = async (doc: string) =>
    (await world.storedMessages(doc)).filter((m: Message) => m.author === shop.who.id);

  it('keeps the inbox private: customers and other businesses can neither open nor write it', async () => {
    const person = await world.person();
    const name = inboxDocName(shop.who.id);
    for (const other of [person, rival]) {
      const mark = other.device.socket.frames.length;
      other.device.socket.send({
        type: 'sync',
        doc: name,
        body: syncBody(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())),
      });
      const answer = await other.device.socket.next(
        (f, i = other.device.socket.frames.indexOf(f)) =>
          i >= mark && f.type === 'error' && f.doc === name,
      );
      expect(answer).toMatchObject({ type: 'error', kind: 'forbidden' });
      expect(other.device.since(mark).some((f) => f.type === 'sync' && f.doc === name)).toBe(false);
      expect(await other.device.write(name, (d) => setNote(d, 'x1', 'mine now'))).toMatchObject({
        type: 'error',
        kind: 'forbidden',
      });
    }
    const stored = await world.stored(name);
    expect(readNotes(stored).get('somechat')).toBe('Private: pays late.');
    expect(readNotes(stored).has('x1')).toBe(false);
  });

  it('reaches every device of the business in its catch-up, and no customer’s', async () => {
    const name = inboxDocName(shop.who.id);
    const secondDevice = await world.connect(shop.who, 'business');
    expect(readNotes(secondDevice.doc(name)).get('somechat')).toBe('Private: pays late.');
    const person = await world.person();
    await world.chatWith(person, shop);
    const reconnected = await world.connect(person.who, 'personal');
    expect(reconnected.socket.frames.some((f) => f.type === 'sync' && f.doc === name)).toBe(false);
  });

  it('refuses bad values from the business itself', async () => {
    const name = inboxDocName(shop.who.id);
    expect(
      await shop.device.write(name, (d) => d.getMap('notes').set('c1', 'x'.repeat(2001))),
    ).toMatchObject({ type: 'error', kind: 'refused_update' });
    expect(
      await shop.device.write(name, (d) =>
        d.getMap('labels').set('vip', { name: 'VIP', color: '#ff0' }),
      ),
    ).toMatchObject({ type: 'error', kind: 'refused_update' });
    expect(readLabels(await world.stored(name)).some((l) => l.id === 'vip')).toBe(false);
  });

  it('greets a customer on their first message, once', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    expect(await world.say(person, doc, 'Hello! Do you have rye bread?')).toMatchObject({
      type: 'ack',
    });
    await eventually(async () => (await fromShop(doc)).length === 1, 5000, 'the greeting');
    const [sent] = await fromShop(doc);
    expect(sent).toMatchObject({ author: shop.who.id, n: 1, kind: 'text', text: greeting });
    // The customer's device receives it like any message from the business.
    await eventually(
      () =>
        person.device
          .doc(doc)
          .getArray<Message>('messages')
          .toArray()
          .some((m) => m.id === sent!.id),
      5000,
      'the greeting on the customer device',
    );
    expect(await world.say(person, doc, 'And croissants?')).toMatchObject({ type: 'ack' });
    await handled();
    expect((await fromShop(doc)).map(textOf)).toEqual([greeting]);
  });

  it('does not greet a customer answering a chat the business started', async () => {
    const template = await world.h.asBusiness(shop.who, 'POST', '/business/templates', {
      name: 'order_ready',
      category: 'utility',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hi {{name}}, your order is ready.' } },
    } satisfies TemplateDraft);
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const published = template.body as Template;
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));
    const params = { name: 'Ana' };
    const message: TemplateMessage = {
      id: randomId(),
      author: shop.who.id,
      n: 1,
      at: world.clock.now(),
      kind: 'template',
      template: published.name,
      version: published.version,
      category: published.category,
      params,
      fallback: fallbackText(published, params),
    };
    expect(
      await shop.device.write(doc, (d) => d.getArray('messages').push([message])),
    ).toMatchObject({ type: 'ack' });
    expect(await world.say(person, doc, 'Great, on my way!')).toMatchObject({ type: 'ack' });
    await handled();
    expect((await fromShop(doc)).map(textOf)).toEqual([message.fallback]);
  });

  it('numbers the business’s own next message after the greeting', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.say(person, doc, 'Hi');
    await eventually(async () => (await fromShop(doc)).length === 1, 5000, 'the greeting');
    await eventually(() => shop.device.doc(doc).getArray('messages').length === 2, 5000, 'synced');
    expect(await world.say(shop, doc, 'How can I help?')).toMatchObject({ type: 'ack' });
    expect((await fromShop(doc)).map((m) => m.n)).toEqual([1, 2]);
  });

  it('sends the away message outside opening hours, at most once per customer per 4 hours', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    world.advance(10 * hour); // 20:00 UTC: closed
    await world.say(person, doc, 'Are you open?');
    await eventually(async () => (await fromShop(doc)).length === 2, 5000, 'greeting and away');
    expect((await fromShop(doc)).map(textOf)).toEqual([greeting, away]);

    world.advance(hour);
    await world.say(person, doc, 'Hello?');
    await handled(); // at this hour, before the clock moves on
    world.advance(2 * hour);
    await world.say(person, doc, 'Anyone?');
    await handled();
    expect((await fromShop(doc)).map(textOf)).toEqual([greeting, away]);

    world.advance(hour); // 4 hours after the first away message, still closed (00:00)
    await world.say(person, doc, 'Still closed?');
    await eventually(async () => (await fromShop(doc)).length === 3, 5000, 'a second away');
    expect((await fromShop(doc)).map(textOf)).toEqual([greeting, away, away]);

    // Open again at 10:00: no away message.
    world.advance(10 * hour);
    await world.say(person, doc, 'Good morning');
    await handled();
    expect(await fromShop(doc)).toHaveLength(3);
  });

  it('sends nothing for a business that has not accepted the current terms, or is suspended', async () => {
    // Events are handled in arrival order: once a later chat is greeted, the earlier message was
    // handled, and whatever it was going to send is stored.
    const greetedLater = async () => {
      const later = await world.person();
      const doc = await world.chatWith(later, shop);
      expect(await world.say(later, doc, 'Hi!')).toMatchObject({ type: 'ack' });
      await eventually(async () => (await fromShop(doc)).length === 1, 5000, 'the greeting');
    };

    const waiting = await world.person();
    const unaccepted = await world.chatWith(waiting, shop);
    await world.h.publish('tos', 'Terms of service, second edition.');
    expect(await world.say(waiting, unaccepted, 'Hello?')).toMatchObject({ type: 'ack' });
    // Handled before the acceptance: the gate is asked when the message is handled.
    await handled();
    await world.h.acceptCurrent(shop.who);
    await greetedLater();
    expect(await fromShop(unaccepted)).toEqual([]);

    const knocking = await world.person();
    const closed = await world.chatWith(knocking, shop);
    await world.setSuspended(shop.who.id, true);
    expect(await world.say(knocking, closed, 'Anyone there?')).toMatchObject({ type: 'ack' });
    await handled();
    await world.setSuspended(shop.who.id, false);
    await greetedLater();
    expect(await fromShop(closed)).toEqual([]);
  });

  it('sends nothing when the greeting and away message are off', async () => {
    expect(
      await shop.device.write(inboxDocName(shop.who.id), (d) => {
        setGreeting(d, { enabled: false, text: greeting });
        setAway(d, { enabled: false, text: away, everyHours: 4 });
      }),
    ).toMatchObject({ type: 'ack' });
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    world.advance(10 * hour);
    await world.say(person, doc, 'Hi there');
    await handled();
    expect(await fromShop(doc)).toEqual([]);
  });
});
