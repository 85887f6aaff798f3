/**
 * Greeting and away messages with two server processes on one PostgreSQL database: both see every
 * customer message on the bus, and each automatic message is still sent exactly once, whichever
 * process the customer and the business are connected to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, inboxDocName, setAway, setGreeting, type Message } from '@souk/sync';
import { runCli } from '@souk/server';
import { startTestServer, type TestServer } from '../support/server.ts';
import { freshDatabase } from '../support/processes.ts';
import { eventually, signIn, type SignedIn } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';
import { hour, textOf } from '../support/consent.ts';

async function call(
  server: TestServer,
  who: SignedIn,
  app: 'personal' | 'business',
  path: string,
  body: unknown,
) {
  const response = await fetch(`${server.url}/api${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-souk-app': app,
      cookie: who.cookie,
      origin: server.url,
    },
    body: JSON.stringify(body),
  });
  const reply = { status: response.status, body: await response.json() };
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body;
}

describe('greeting and away messages across two processes on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let first: TestServer;
  let second: TestServer;
  // 20:00 UTC tomorrow: the shop (open 09:00–17:00 UTC) is closed.
  const tomorrow = new Date(Date.now() + 24 * hour);
  const now = Date.UTC(
    tomorrow.getUTCFullYear(),
    tomorrow.getUTCMonth(),
    tomorrow.getUTCDate(),
    20,
  );
  const clock = { now: () => now };
  const parties: RawParty[] = [];
  let shop: RawParty;
  /** The shop's second device, on the first process: what it receives, that process has seen. */
  let shopOnFirst: RawParty;
  let business: SignedIn;

  beforeAll(async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: database.url };
    expect(await runCli(['create-operator', '--phone', '+34677600001'], env, () => {})).toBe(0);
    const options = { clock, authLimits: { perIp: 10_000, perPhone: 100 } };
    first = await startTestServer(env, options);
    second = await startTestServer(env, options);
    const operator = await signIn(first.url, '+34677600001');
    const tos = await call(first, operator, 'personal', '/admin/terms', { kind: 'tos', text: 'T' });
    const privacy = await call(first, operator, 'personal', '/admin/terms', {
      kind: 'privacy',
      text: 'P',
    });
    business = await signIn(second.url, '+34677600002', 'business');
    await call(second, business, 'business', '/business/terms/accept', {
      tos: tos.version,
      privacy: privacy.version,
    });
    await call(second, business, 'business', '/business/register', {
      name: 'Librería Mar',
      category: 'retail',
    });
    shop = await rawParty(second.url, business, 'business');
    shopOnFirst = await rawParty(first.url, business, 'business');
    parties.push(shop, shopOnFirst);
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    await shop.open(`profile:${business.id}`);
    expect(
      await shop.write(`profile:${business.id}`, (d) =>
        d
          .getMap('profile')
          .set(
            'hours',
            Object.fromEntries([['timezone', 'UTC'], ...days.map((day) => [day, ['09:00-17:00']])]),
          ),
      ),
    ).toMatchObject({ type: 'ack' });
    expect(
      await shop.write(inboxDocName(business.id), (d) => {
        setGreeting(d, { enabled: true, text: 'Hello from Librería Mar!' });
        setAway(d, { enabled: true, text: 'Closed until 9:00.', everyHours: 24 });
      }),
    ).toMatchObject({ type: 'ack' });
  }, 60_000);
  afterAll(async () => {
    parties.forEach((p) => p.close());
    await Promise.all([first?.close(), second?.close()]);
    await database?.drop();
  });

  /** A new customer connected to `server`, in a chat with the shop. */
  async function customerOn(server: TestServer, phone: string) {
    const person = await signIn(server.url, phone);
    const chat = (await call(server, person, 'personal', '/chats', { businessId: business.id }))
      .doc as string;
    const device = await rawParty(server.url, person);
    parties.push(device);
    await device.open(chat);
    return { device, chat };
  }

  /** The shop's messages in `chat`, as committed (read through the first process). */
  const fromShop = async (chat: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await first.store.readStored(chat));
    return doc
      .getArray<Message>('messages')
      .toArray()
      .filter((m) => m.author === business.id);
  };

  it.each([
    ['the first process', () => first, '+34677600010'],
    ['the second process', () => second, '+34677600011'],
  ])('a customer on %s gets one greeting and one away message', async (_which, server, phone) => {
    const { device, chat } = await customerOn(server(), phone);
    // A burst: every message is an event on both processes.
    const burst = ['Hi!', 'Do you have atlases?', 'Or maps?', 'Thanks'];
    for (const text of burst) {
      expect(await device.write(chat, (d) => appendText(d, device.id, text, now))).toMatchObject({
        type: 'ack',
      });
    }
    await eventually(async () => (await fromShop(chat)).length >= 2, 5000, 'automatic messages');
    // Barrier: a process's bus hands an update to its sockets and its auto-replies at once, so
    // once the shop's device on each process has the whole burst, both processes have queued
    // every message; once both have handled their queue, no automatic message is still to come.
    const hasBurst = (party: RawParty) => () => {
      const texts = party.doc(chat).getArray<Message>('messages').toArray().map(textOf);
      return burst.every((text) => texts.includes(text));
    };
    await eventually(hasBurst(shopOnFirst), 5000, 'the burst on the first process');
    await eventually(hasBurst(shop), 5000, 'the burst on the second process');
    await Promise.all([first.autoReplies.settled(), second.autoReplies.settled()]);
    expect((await fromShop(chat)).map(textOf)).toEqual([
      'Hello from Librería Mar!',
      'Closed until 9:00.',
    ]);
    expect((await fromShop(chat)).map((m) => m.n)).toEqual([1, 2]);
  });
});
