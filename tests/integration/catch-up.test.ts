/**
 * One-pass catch-up: a device away while 5,000 messages arrive in 200 conversations (most of
 * them new to it) gets everything over its one socket — one frame per conversation and a
 * cursor, and nothing asked per conversation. Also: compaction and unloading lose nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText, conversationParts, docName, MemoryDocStore } from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { seedChat } from '../support/seed.ts';

describe.each(backends)('on %s', (backend) => {
  let server: TestServer;
  let alice: SignedIn;

  beforeAll(async () => {
    server = await startTestServer({}, {}, backend);
    alice = await signIn(server.url, '+34655500001');
  });
  afterAll(async () => server?.close());

  it('delivers 5,000 messages in 200 conversations in one pass', async () => {
    const store = new MemoryDocStore();
    const first = device(server.url, alice, store);
    first.client.start();
    await eventually(() => first.client.status === 'online', 10_000, 'first sync');
    first.client.stop();

    // While Alice is away, 200 people write to her, 25 messages each.
    for (let i = 0; i < 200; i++) {
      const name = docName('conv', `bulk${i}`);
      const peer = `u_peer${i}`;
      await seedChat(
        server,
        name,
        [
          { id: alice.id, kind: 'person', phone: alice.phone },
          { id: peer, kind: 'person', phone: `+3469900${String(i).padStart(4, '0')}` },
        ],
        [alice.id],
        peer,
        Array.from({ length: 25 }, (_, k) => `message ${k} from ${i}`),
      );
    }

    // Count what crosses Alice's socket when she comes back.
    const sent: Uint8Array[] = [];
    let received = 0;
    const { client } = device(server.url, alice, store, (data) => sent.push(data));
    client.on('change', () => received++);
    client.start();
    await eventually(() => client.status === 'online', 20_000, 'caught up');
    client.stop();

    let messages = 0;
    for (let i = 0; i < 200; i++)
      messages += conversationParts(store.docs.get(docName('conv', `bulk${i}`))!).messages.length;
    expect(messages).toBe(5000);
    expect(sent.length).toBe(1); // hello, and nothing per conversation
    expect(received).toBe(200); // one update per conversation
  }, 60_000);

  it('keeps everything through compaction and unloading', async () => {
    const bob = await signIn(server.url, '+34655500002');
    const chat = await startChat(server.url, alice, bob.phone);
    const a = device(server.url, alice);
    a.client.start();
    const doc = await a.client.open(chat);
    for (let i = 0; i < 30; i++) appendText(doc, alice.id, `before ${i}`, Date.now());
    await eventually(() => a.client.status === 'online', 10_000, 'acked');
    await server.store.compact(chat);
    expect(server.store.unloadIdle(-1)).toBeGreaterThan(0);
    appendText(doc, alice.id, 'after compaction', Date.now());
    await eventually(() => a.client.status === 'online', 10_000, 'acked again');

    const fresh = device(server.url, bob, new MemoryDocStore());
    fresh.client.start();
    await eventually(
      () =>
        fresh.store.docs.has(chat) &&
        conversationParts(fresh.store.docs.get(chat)!).messages.length === 31,
      10_000,
      'bob has all',
    );
    a.client.stop();
    fresh.client.stop();
  });
});
