/**
 * A refusal as the apps see it: the business app's own SyncClient sends a free-form message
 * outside the window; the server answers `not_delivered` with the rule's sentence, the client
 * emits `refused` with that sentence (what the app shows), rolls its copy back to the server's,
 * and the customer never sees the message. Inside the window the same client delivers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText, conversationParts, MemoryDocStore } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, textOf, type Member } from '../support/consent.ts';
import { device, eventually } from '../support/people.ts';

describe.each(backends)('the business app’s client and a refusal, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 500 001', '+3467750');
  let shop: Member;
  let customer: Member;
  let chat: string;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Floristería Lila');
    customer = await world.person();
    chat = await world.chatWith(customer, shop);
    expect(await world.say(customer, chat, 'Roses for Friday?')).toMatchObject({ type: 'ack' });
  }, 60_000);
  afterAll(() => world.stop());

  it('shows the reason, rolls back, and delivers again once the customer writes', async () => {
    world.advance(25 * hour);
    const app = device(world.h.server.url, shop.who, new MemoryDocStore(), () => {}, 'business');
    const refusals: Array<{ doc: string; code: string; kind: string }> = [];
    app.client.on('refused', (doc, { code, kind }) => refusals.push({ doc, code, kind }));
    app.client.start();
    try {
      const doc = await app.client.open(chat);
      await eventually(() => conversationParts(doc).messages.length === 1, 5000, 'history');
      appendText(doc, shop.who.id, 'Yes! Also 20% off tulips.', world.clock.now());
      await eventually(() => refusals.length === 1, 5000, 'the refusal');
      expect(refusals[0]).toEqual({ doc: chat, code: 'outside_window', kind: 'not_delivered' });
      await eventually(
        async () => {
          const copy = await app.client.open(chat);
          return (
            conversationParts(copy).messages.toArray().map(textOf).join() === 'Roses for Friday?'
          );
        },
        5000,
        'the copy rolled back to the server’s',
      );
      expect(await world.storedTexts(chat)).toEqual(['Roses for Friday?']);

      expect(await world.say(customer, chat, 'Hello?')).toMatchObject({ type: 'ack' });
      const copy = await app.client.open(chat);
      await eventually(() => conversationParts(copy).messages.length === 2, 5000, 'the reply');
      appendText(copy, shop.who.id, 'Yes, roses on Friday.', world.clock.now());
      await eventually(
        async () => (await world.storedTexts(chat)).includes('Yes, roses on Friday.'),
        5000,
        'delivered',
      );
      expect(refusals).toHaveLength(1);
    } finally {
      app.client.stop();
    }
  });
});
