/**
 * A deletion's purge never folds away what the log's consumers have not read, on both
 * databases. The log follower is held back (it reads only when asked), so its pass certainly
 * comes after the deletion: a customer's message, its edit and its deletion for everyone are
 * acknowledged first, and the shop must still be told of all three, while the stored rows lose
 * the message's words once the follower has passed them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, deleteOwnMessage, editMessage, type Message } from '@souk/sync';
import { backends } from '../support/server.ts';
import { apiWorld } from './business-api-support.ts';
import { receiver } from './webhooks-support.ts';

describe.each(backends)('a deletion’s purge and the log’s consumers (%s)', (backend) => {
  // Ten minutes after a commit: within a test, the follower reads only when `settled` asks.
  const world = apiWorld(backend, '+34 679 300 001', '+3467930', {
    logFollower: { delayMs: 600_000 },
  });
  let hooks: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    hooks = await receiver();
    await world.start();
  }, 60_000);
  afterAll(async () => {
    await world.stop();
    await hooks.close();
  });

  it('tells the shop of an edit made just before the deletion, then purges', async () => {
    const shop = await world.business('Frutería Luz');
    const set = await world.h.asBusiness(shop, 'PUT', '/business/webhook', { url: hooks.url });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const customer = await world.person();
    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = chat.body.doc as string;
    await customer.device.open(doc);
    const me = customer.who.id;
    const now = world.clock.now();
    let asked!: Message;
    for (const change of [
      (d: Y.Doc) => (asked = appendText(d, me, 'Any plums?', now)),
      (d: Y.Doc) => editMessage([d], asked.id, me, 'Any ripe figs?', now),
      (d: Y.Doc) => deleteOwnMessage([d], asked.id, me, now),
    ])
      expect((await customer.device.write(doc, change)).type).toBe('ack');
    await world.h.server.submit.settled(); // effects started by the deletion, if any
    await world.h.server.follower.settled(); // a pass: every consumer, then the purge
    await world.h.server.follower.settled(); // the next: the stub the purge wrote (message.deleted)

    const log = await world.h.asBusiness(shop, 'GET', '/business/webhook/deliveries');
    const types = (log.body as { eventType: string }[]).map((d) => d.eventType);
    expect(types).toEqual(
      expect.arrayContaining(['message.received', 'message.edited', 'message.deleted']),
    );
    const stored = Buffer.from(await world.h.server.store.readStored(doc)).toString('latin1');
    expect(stored).not.toContain('Any plums?');
    expect(stored).not.toContain('Any ripe figs?');
  });
});
