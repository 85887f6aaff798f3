/**
 * The 24-hour window counts from the server's receive time of the customer's message, never from
 * the `at` the customer's app wrote (issue 13, item 1), on both databases: a message written
 * offline a day ago opens the window when it arrives, and an `at` set minutes ahead does not
 * keep the window open any longer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour } from '../support/consent.ts';

describe.each(backends)('the 24-hour window on the server’s clock, on %s', (backend) => {
  const world = consentWorld(
    backend,
    `+34 677 9${backend === 'pglite' ? 1 : 2}0 001`,
    `+34679${backend === 'pglite' ? 1 : 2}0`,
  );
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('opens when a message written offline a day ago arrives', async () => {
    const shop = await world.business('Offline Bakery');
    const ana = await world.person();
    const chat = await world.chatWith(ana, shop);
    const writtenAt = world.clock.now() - 25 * hour;
    expect(
      await ana.device.write(chat, (d) =>
        appendText(d, ana.who.id, 'two loaves please', writtenAt),
      ),
    ).toMatchObject({ type: 'ack' });
    expect(await world.say(shop, chat, 'Ready at noon!')).toMatchObject({ type: 'ack' });
  });

  it('does not stay open longer for an `at` set ahead of the server', async () => {
    const shop = await world.business('Clockwork Cafe');
    const ben = await world.person();
    const chat = await world.chatWith(ben, shop);
    const ahead = world.clock.now() + 4 * 60 * 1000;
    expect(
      await ben.device.write(chat, (d) => appendText(d, ben.who.id, 'table for two', ahead)),
    ).toMatchObject({ type: 'ack' });
    world.advance(24 * hour + 60 * 1000);
    expect(await world.say(shop, chat, 'Still there?')).toMatchObject({
      type: 'error',
      code: 'outside_window',
    });
  });
});
