/**
 * A broadcast survives a crash, on both databases (issue 19, item 4): a real server process sends
 * a broadcast with a name per customer (from the shop's CSV) to the people who opted in, slowly
 * (SOUK_BROADCAST_RATE), and is killed with SIGKILL part-way through. The next process carries
 * the stored job on by itself: every opted-in customer gets the message exactly once, with their
 * own name, and the people who did not opt in — even when the CSV names them — get nothing and
 * have no chat with the shop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationParts, type Message } from '@souk/sync';
import { runCli } from '@souk/server';
import {
  startServerProcess,
  testStorage,
  type ServerProcess,
  type TestStorage,
} from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { backends } from '../support/server.ts';
import { eventually, signIn, type SignedIn } from '../support/people.ts';
import { allResults } from '../support/broadcasts.ts';
import { openShop, optIn } from '../support/shop.ts';

const optedInCount = 12;
const notOptedInCount = 3;

describe.each(backends)('a broadcast across a server restart, on %s', (backend) => {
  let storage: TestStorage;
  let server: ServerProcess | undefined;
  let port: number;
  const env = () => ({
    ...storage.env,
    SOUK_BROADCAST_RATE: '4',
    SOUK_BROADCAST_LEASE_MS: '1000',
    SOUK_FOLLOWER_DELAY_MS: '0',
  });
  const phone = (n: number) =>
    `+3467950${backend === 'pglite' ? 1 : 2}${String(n).padStart(3, '0')}`;

  beforeAll(async () => {
    storage = await testStorage(backend);
    expect(await runCli(['create-operator', '--phone', phone(1)], storage.env, () => {})).toBe(0);
    port = await freePort();
  });
  afterAll(async () => {
    await server?.stop();
    await storage?.drop();
  });

  it('reaches every opted-in customer once, by name, and nobody else', async () => {
    server = await startServerProcess(env(), port);
    const url = () => server!.url;
    const { call: asShop, business } = await openShop(
      url,
      { operator: phone(1), shop: phone(2) },
      'Librería Norte',
    );
    await asShop('POST', '/business/templates', {
      name: 'new_books',
      category: 'marketing',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hello {{name}}, the new books are on the shelves.' } },
    });
    // Customers who never wrote to the shop: some opt in, some do not.
    const people: Array<{ who: SignedIn; name: string; optedIn: boolean }> = [];
    for (let i = 0; i < optedInCount + notOptedInCount; i++) {
      const who = await signIn(server.url, phone(10 + i));
      const optedIn = i < optedInCount;
      await optIn(server.url, who, business.id, optedIn);
      people.push({ who, name: `Reader${i}`, optedIn });
    }
    // The CSV names everyone, opted in or not: those who did not are unusable rows.
    const csv = ['phone,name', ...people.map((p) => `${p.who.phone},${p.name}`)].join('\n');
    const preview = await asShop('POST', '/business/broadcasts/audience', {
      template: 'new_books',
      csv,
    });
    expect(preview).toMatchObject({ audience: optedInCount, unusable: notOptedInCount });
    expect(preview.problems.map((p: { problem: string }) => p.problem)).toEqual(
      Array(notOptedInCount).fill('not_a_customer'),
    );
    const job = await asShop('POST', '/business/broadcasts', { template: 'new_books', csv });
    expect(job).toMatchObject({ status: 'running', total: optedInCount });

    // Part-way through, the process dies.
    const progress = () => asShop('GET', `/business/broadcasts/${job.broadcast}`);
    let before = { sent: 0 };
    await eventually(async () => (before = await progress()).sent >= 3, 30_000, 'a few sent');
    await server.kill();
    expect(before.sent, 'killed part-way through').toBeLessThan(optedInCount);
    server = await startServerProcess(env(), port);
    await eventually(
      async () => (await progress()).status === 'done',
      60_000,
      'the restarted process finishes the job',
    );
    expect(await progress()).toMatchObject({ sent: optedInCount, refused: 0, cancelled: 0 });
    const replies = async (method: string, path: string) => ({
      status: 200,
      body: await asShop(method, path),
    });
    const results = await allResults(replies, job.broadcast);
    expect(await server.stop()).toBe(0);
    server = undefined;

    for (const person of people) {
      const result = results.find((r) => r.personId === person.who.id);
      if (!person.optedIn) {
        expect(result).toBeUndefined();
        const chats = await storage.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM conversations WHERE pair_key LIKE $1',
          [`%${person.who.id}%`],
        );
        expect(chats[0]!.n, `${person.name} has no chat`).toBe(0);
        continue;
      }
      expect(result).toMatchObject({ status: 'sent' });
      const stored = conversationParts(await storage.stored(result!.conversation!)).messages;
      const ours = (stored.toArray() as Message[]).filter(
        (m) => m.kind === 'template' && m.broadcast === job.broadcast,
      );
      expect(ours, `${person.name} got it once`).toHaveLength(1);
      expect(ours[0]).toMatchObject({ id: result!.messageId, params: { name: person.name } });
    }
  }, 240_000);
});
