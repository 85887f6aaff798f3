/**
 * A shop's message actions (issue 17), on both databases: through the Business API it replies
 * with the customer's message quoted, reacts and deletes its own message for everyone; its
 * reactions follow the 24-hour window like its messages, and a customer's reaction opens no
 * window (only their new messages do). Webhooks tell the shop of the customer's actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationParts, react, reactionKey, readReactions } from '@souk/sync';
import { backends } from '../support/server.ts';
import { eventually } from '../support/people.ts';
import { apiWorld, hour } from './business-api-support.ts';

describe.each(backends)('a shop’s message actions (%s)', (backend) => {
  const world = apiWorld(backend, '+34 679 300 001', `+346793${backend === 'pglite' ? 1 : 2}`);
  let shop: Awaited<ReturnType<typeof world.business>>;
  let key: string;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Frutería Mar');
    key = await world.key(shop, ['messages:send']);
  }, 60_000);
  afterAll(() => world.stop());

  it('replies with the customer’s message quoted, reacts, deletes its own message', async () => {
    const customer = await world.person();
    const started = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = started.body.doc as string;
    await customer.device.open(doc);
    expect(await world.say(customer, doc, 'Do you have mangoes today?')).toMatchObject({
      type: 'ack',
    });
    const asked = conversationParts(customer.device.doc(doc)).messages.toArray()[0]!;
    const sent = await world.api(key, 'POST', '/messages', {
      to: customer.who.phone,
      text: 'Yes, from Málaga.',
      replyTo: asked.id,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const foreign = await world.api(key, 'POST', '/messages', {
      to: customer.who.phone,
      text: 'Which?',
      replyTo: 'not_in_this_chat',
    });
    expect(foreign).toMatchObject({
      status: 400,
      body: { details: { reason: 'reply_not_found' } },
    });
    const reacted = await world.api(key, 'POST', '/reactions', {
      to: customer.who.phone,
      message: asked.id,
      emoji: '👍',
    });
    expect(reacted).toMatchObject({ status: 200, body: { message: asked.id, emoji: '👍' } });
    await eventually(
      () => {
        const copy = customer.device.doc(doc);
        const answer = conversationParts(copy)
          .messages.toArray()
          .find((m) => m.id === sent.body.id) as { reply?: { snapshot?: string } } | undefined;
        return (
          answer?.reply?.snapshot === 'Do you have mangoes today?' &&
          readReactions([copy]).get(asked.id)?.get(shop.id) === '👍'
        );
      },
      5000,
      'the customer sees the quote and the reaction',
    );
    const deleted = await world.api(key, 'DELETE', `/messages/${sent.body.id}`);
    expect(deleted).toMatchObject({ status: 200, body: { id: sent.body.id } });
    await world.h.server.follower.settled(); // the purge
    await eventually(
      () =>
        conversationParts(customer.device.doc(doc))
          .messages.toArray()
          .some((m) => m.id === sent.body.id && m.kind === 'deleted'),
      5000,
      'the customer has the stub',
    );
    const again = await world.api(key, 'DELETE', `/messages/${sent.body.id}`);
    expect(again.status).toBe(422);
    expect((await world.api(key, 'DELETE', '/messages/nothing_here')).status).toBe(404);
  });

  it('reacts inside the window only; a customer’s reaction opens none', async () => {
    const customer = await world.person();
    const started = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = started.body.doc as string;
    await customer.device.open(doc);
    await world.say(customer, doc, 'Thanks!');
    const thanks = conversationParts(customer.device.doc(doc)).messages.toArray()[0]!;
    const sent = await world.api(key, 'POST', '/messages', { to: customer.who.phone, text: 'Bye' });
    expect(sent.status).toBe(201);
    await eventually(
      () => conversationParts(customer.device.doc(doc)).messages.length === 2,
      5000,
      'the customer has the answer',
    );
    world.advance(25 * hour);
    const late = await world.api(key, 'POST', '/reactions', {
      to: customer.who.phone,
      message: thanks.id,
      emoji: '❤️',
    });
    expect(late).toMatchObject({ status: 403, body: { details: { reason: 'outside_window' } } });
    // The customer reacts to the shop's message: that is no new message, the window stays shut.
    expect(
      await customer.device.write(doc, (d) =>
        react([d], sent.body.id, customer.who.id, '👍', world.clock.now()),
      ),
    ).toMatchObject({ type: 'ack' });
    const still = await world.api(key, 'POST', '/reactions', {
      to: customer.who.phone,
      message: thanks.id,
      emoji: '❤️',
    });
    expect(still).toMatchObject({ status: 403, body: { details: { reason: 'outside_window' } } });
    expect(
      conversationParts(customer.device.doc(doc)).reactions.has(reactionKey(thanks.id, shop.id)),
    ).toBe(false);
    world.advance(24 * hour);
    expect((await world.api(key, 'DELETE', `/messages/${sent.body.id}`)).body).toMatchObject({
      details: { reason: 'delete_too_late' },
    });
  });
});
