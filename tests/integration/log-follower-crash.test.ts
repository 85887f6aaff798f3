/**
 * Effects that follow the committed log survive a crash between the commit and the effect, on
 * both databases. A server process whose log follower is held back (it would read ten minutes
 * after a commit) acknowledges a customer's messages to a business and is killed with SIGKILL:
 * the messages are stored, their statistics and webhook events are not. The next process catches
 * up at start, on its own — the events reach the business's receiver without anyone asking — and
 * counts each message once; a further crash and restart counts nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText, businessStatsSchema, conversationParts, plainText } from '@souk/sync';
import { runCli } from '@souk/server';
import {
  startServerProcess,
  testStorage,
  type ServerProcess,
  type TestStorage,
} from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { backends } from '../support/server.ts';
import { eventually, signIn } from '../support/people.ts';
import { rawParty } from '../support/raw-party.ts';
import { caller, openShop } from '../support/shop.ts';
import { receiver } from './webhooks-support.ts';

describe.each(backends)('the log follower after a crash, on %s', (backend) => {
  let storage: TestStorage;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let server: ServerProcess | undefined;
  let port: number;
  const phone = (n: number) =>
    `+3467940${backend === 'pglite' ? 1 : 2}${String(n).padStart(3, '0')}`;

  beforeAll(async () => {
    storage = await testStorage(backend);
    hooks = await receiver();
    expect(await runCli(['create-operator', '--phone', phone(1)], storage.env, () => {})).toBe(0);
    port = await freePort();
  });
  afterAll(async () => {
    await server?.stop();
    await hooks?.close();
    await storage?.drop();
  });

  /** The stored effects of the conversation `doc` (read with no server running, for PGlite). */
  async function effects(doc: string) {
    const [counted] = await storage.query<{ messages: number; received: number }>(
      `SELECT (SELECT count(*)::int FROM stats_messages WHERE conv = $1) AS messages,
              (SELECT coalesce(sum(received), 0)::int FROM stats_daily) AS received`,
      [doc],
    );
    const [events] = await storage.query<{ queued: number; keys: number }>(
      `SELECT count(*)::int AS queued, count(DISTINCT event_key)::int AS keys
         FROM webhook_deliveries WHERE event_type = 'message.received'`,
      [],
    );
    return { ...counted, ...events };
  }

  it('produces the effects of what committed before a SIGKILL once, at the next start', async () => {
    server = await startServerProcess({ ...storage.env, SOUK_FOLLOWER_DELAY_MS: '600000' }, port);
    const url = () => server!.url;
    const shop = await openShop(url, { operator: phone(1), shop: phone(2) }, 'Papelería Sol');
    await shop.call('PUT', '/business/webhook', { url: hooks.url });
    const customer = await signIn(server.url, phone(3));
    const { doc } = await caller(url, customer, 'personal')('POST', '/chats', {
      businessId: shop.business.id,
    });
    const party = await rawParty(server.url, customer);
    await party.open(doc);
    const said = ['Do you sell ink?', 'Blue, please.', 'Two of them.'];
    for (const text of said)
      expect(
        await party.write(doc, (d) => appendText(d, customer.id, text, Date.now())),
      ).toMatchObject({ type: 'ack' });
    party.close();

    // Committed and acknowledged, then the process dies before its follower read anything.
    await server.kill();
    server = undefined;
    expect(await effects(doc)).toEqual({ messages: 0, received: 0, queued: 0, keys: 0 });
    const stored = conversationParts(await storage.stored(doc)).messages.toArray();
    expect(stored.map((m) => plainText(m))).toEqual(said);

    server = await startServerProcess(storage.env, port);
    await eventually(
      () => hooks.of('message.received').length === 3,
      20_000,
      'the events of the three messages, sent on the restarted process’s own catch-up',
    );
    // Deliveries run side by side: in any order.
    expect(
      hooks
        .of('message.received')
        .map((e) => e.body.data.text as string)
        .sort(),
    ).toEqual([...said].sort());
    const figures = async () =>
      businessStatsSchema.parse(await shop.call('GET', '/business/stats')).totals;
    expect(await figures()).toMatchObject({ received: 3, sent: 0 });

    // Another crash and start: nothing is counted or queued twice.
    await server.kill();
    server = await startServerProcess(storage.env, port);
    expect(await figures()).toMatchObject({ received: 3, sent: 0 });
    expect(await server.stop()).toBe(0);
    server = undefined;
    expect(await effects(doc)).toEqual({ messages: 3, received: 3, queued: 3, keys: 3 });
  }, 180_000);
});
