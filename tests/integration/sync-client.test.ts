/**
 * Two people chat through the real server (PGlite) using the same SyncClient the web app uses:
 * live delivery, ticks, offline queueing, one-pass catch-up and a second device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendText,
  conversationParts,
  latestFromOthers,
  raiseReceipt,
  readMessageEntries,
  tickOf,
  MemoryDocStore,
  limits,
  plainText,
  readClientFrame,
  setReadReceipts,
  type Refusal,
} from '@souk/sync';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';

/** How many step 1 messages (asking for a document) among what a client `sent` ask for `name`. */
function step1sFor(sent: Uint8Array[], name: string): number {
  return sent.filter((data) => {
    const frame = readClientFrame(data);
    return (
      frame.type === 'sync' &&
      frame.doc === name &&
      decoding.readVarUint(decoding.createDecoder(frame.body)) === syncProtocol.messageYjsSyncStep1
    );
  }).length;
}

describe.each(backends)('on %s', (backend) => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let chat: string;

  beforeAll(async () => {
    server = await startTestServer({}, {}, backend);
    alice = await signIn(server.url, '+34612000001');
    bob = await signIn(server.url, '+34612000002');
    chat = await startChat(server.url, alice, bob.phone);
  });
  afterAll(async () => server?.close());

  const texts = (doc: import('yjs').Doc) =>
    conversationParts(doc).messages.toArray().map(plainText);

  describe('SyncClient against the real server', () => {
    it('delivers live, and ticks move from sent to delivered to read', async () => {
      const a = device(server.url, alice);
      const b = device(server.url, bob);
      a.client.start();
      b.client.start();
      const aliceDoc = await a.client.open(chat);
      await eventually(() => a.client.status === 'online', 10_000, 'alice online');
      const sent = appendText(aliceDoc, alice.id, 'Hola Bob', Date.now());
      const entry = () => readMessageEntries(aliceDoc).find((e) => e.message.id === sent.id)!;
      const tick = () =>
        tickOf(
          entry(),
          a.client.serverState(chat),
          conversationParts(aliceDoc).receipts.get(bob.id),
        );
      await eventually(() => tick() !== 'pending', 10_000, 'stored tick');

      // Bob's device receives it without opening anything: it is a member of the conversation.
      await eventually(
        () => b.store.docs.has(chat) && texts(b.store.docs.get(chat)!).includes('Hola Bob'),
        10_000,
        'bob receives',
      );
      const bobDoc = await b.client.open(chat);
      raiseReceipt(bobDoc, bob.id, { d: latestFromOthers(bobDoc, bob.id) });
      await eventually(() => tick() === 'delivered', 10_000, 'delivered tick');
      raiseReceipt(bobDoc, bob.id, { r: latestFromOthers(bobDoc, bob.id) });
      await eventually(() => tick() === 'read', 10_000, 'read tick');
      a.client.stop();
      b.client.stop();
    });

    it('queues messages offline and catches up in one pass after reconnecting', async () => {
      const a = device(server.url, alice);
      const b = device(server.url, bob);
      a.client.start();
      b.client.start();
      const aliceDoc = await a.client.open(chat);
      await eventually(
        () => b.client.status === 'online' && b.store.docs.has(chat),
        10_000,
        'bob synced',
      );
      b.client.stop();

      // Bob is away: Alice writes; Bob writes offline too.
      for (let i = 1; i <= 3; i++) appendText(aliceDoc, alice.id, `while away ${i}`, Date.now());
      const bobDoc = await b.client.open(chat);
      appendText(bobDoc, bob.id, 'written offline', Date.now());
      expect(await b.store.pendingDocs()).toEqual([chat]);
      await eventually(() => a.client.status === 'online', 10_000, 'alice acked');

      b.client.start();
      await eventually(() => texts(bobDoc).includes('while away 3'), 10_000, 'bob catches up');
      await eventually(
        () => texts(aliceDoc).includes('written offline'),
        10_000,
        'alice gets the offline message',
      );
      await eventually(
        async () => (await b.store.pendingDocs()).length === 0,
        10_000,
        'queue drained',
      );
      expect(await b.store.loadCursor()).not.toBe('');
      expect(texts(aliceDoc)).toEqual(texts(bobDoc));
      a.client.stop();
      b.client.stop();
    });

    it('gives a new device the whole history, and never duplicates a resent message', async () => {
      const fresh = device(server.url, alice, new MemoryDocStore());
      fresh.client.start();
      await eventually(
        () => fresh.client.status === 'online' && fresh.store.docs.has(chat),
        10_000,
        'new device synced',
      );
      const doc = fresh.store.docs.get(chat)!;
      expect(texts(doc)).toContain('Hola Bob');
      expect(texts(doc)).toContain('written offline');
      const ids = conversationParts(doc)
        .messages.toArray()
        .map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      fresh.client.stop();
    });

    it('rolls back a refused change and reports why', async () => {
      const a = device(server.url, alice);
      a.client.start();
      const doc = await a.client.open(chat);
      await eventually(() => a.client.status === 'online', 10_000, 'online');
      const refused = new Promise<Refusal>((resolve) =>
        a.client.on('refused', (_name, refusal) => resolve(refusal)),
      );
      appendText(doc, bob.id, 'forged in Bob’s name', Date.now());
      expect(await refused).toMatchObject({ kind: 'refused_update', code: 'not_author' });
      const rolledBack = await a.client.open(chat);
      await eventually(
        () => texts(rolledBack).includes('Hola Bob'),
        10_000,
        'server copy restored',
      );
      expect(texts(rolledBack)).not.toContain('forged in Bob’s name');
      a.client.stop();
    });
  });

  it('asks once for a conversation it may not open, and gives up', async () => {
    const carol = await signIn(server.url, '+34612000003');
    const sent: Uint8Array[] = [];
    const c = device(server.url, carol, new MemoryDocStore(), (data) => sent.push(data));
    c.client.start();
    await eventually(() => c.client.status === 'online', 10_000, 'online');
    const refused = new Promise<Refusal>((resolve) =>
      c.client.on('refused', (_n, refusal) => resolve(refusal)),
    );
    await c.client.open(chat);
    expect(await refused).toMatchObject({ kind: 'forbidden', code: 'not_readable' });
    // Barrier: frames are answered in order, so once a later write of Carol's own preferences
    // is acknowledged, a step 1 asked again after the refusal would have been sent before it.
    const prefsName = `prefs:${carol.id}`;
    const acked = new Promise<void>((resolve) =>
      c.client.on('ack', (name) => name === prefsName && resolve()),
    );
    setReadReceipts(await c.client.open(prefsName), false);
    await acked;
    expect(step1sFor(sent, chat)).toBe(1);
    c.client.stop();
  });

  it('asks once for a profile it may not read: not again when opened again or after a reconnect', async () => {
    const erin = await signIn(server.url, '+34612000005');
    const sent: Uint8Array[] = [];
    const e = device(server.url, erin, new MemoryDocStore(), (data) => sent.push(data));
    e.client.start();
    await eventually(() => e.client.status === 'online', 10_000, 'online');
    const profile = `person:${alice.id}`; // a stranger's
    const refused = new Promise<Refusal>((resolve) =>
      e.client.on('refused', (_n, refusal) => resolve(refusal)),
    );
    await e.client.open(profile, { subscribe: true });
    expect(await refused).toMatchObject({ kind: 'forbidden', code: 'not_readable' });
    // Opened again (each projection of a chat does), and on a fresh socket: not asked again. The
    // acknowledgement of a later write is the barrier: frames are answered in order.
    const prefsName = `prefs:${erin.id}`;
    const acks = () =>
      new Promise<void>((resolve) => e.client.on('ack', (name) => name === prefsName && resolve()));
    const prefs = await e.client.open(prefsName);
    let acked = acks();
    await e.client.open(profile, { subscribe: true });
    setReadReceipts(prefs, false);
    await acked;
    e.client.stop();
    e.client.start();
    await eventually(() => e.client.status === 'online', 10_000, 'online again');
    acked = acks();
    await e.client.open(profile, { subscribe: true });
    setReadReceipts(prefs, true);
    await acked;
    expect(step1sFor(sent, profile)).toBe(1);
    e.client.stop();
  });

  it(`asks once per connection for a document beyond ${limits.maxDocsPerSocket} open ones, and keeps it`, async () => {
    const dave = await signIn(server.url, '+34612000004');
    const daveChat = await startChat(server.url, dave, alice.phone);
    const sent: Uint8Array[] = [];
    const d = device(server.url, dave, new MemoryDocStore(), (data) => sent.push(data));
    const notOpened: string[] = [];
    d.client.on('notOpened', (name) => notOpened.push(name));
    d.client.start();
    await eventually(() => d.client.status === 'online', 10_000, 'online');
    // Documents never synced are asked for when opened: fill the socket's quota, then one more.
    await Promise.all(
      Array.from({ length: limits.maxDocsPerSocket }, (_, i) =>
        d.client.open(`profile:b_quota${i}`),
      ),
    );
    const extra = 'profile:b_quota_extra';
    const extraDoc = await d.client.open(extra);
    await eventually(() => notOpened.includes(extra), 90_000, 'limit reached');
    expect(d.client.unopened.has(extra)).toBe(true);

    // Frames are answered in order: once a later write is acknowledged, any step 1 the client
    // sent again after the refusal would have been answered (and counted) before it.
    const chatDoc = await d.client.open(daveChat);
    const message = appendText(chatDoc, dave.id, 'after the limit', Date.now());
    const acked = () =>
      readMessageEntries(chatDoc).some(
        (e) =>
          e.message.id === message.id &&
          tickOf(e, d.client.serverState(daveChat), undefined) !== 'pending',
      );
    await eventually(acked, 30_000, 'later write acknowledged');
    expect(step1sFor(sent, extra)).toBe(1);
    expect(notOpened.filter((n) => n === extra)).toHaveLength(1);
    // The document was not reset (a reset replaces it): nothing about it was refused.
    expect(await d.client.open(extra)).toBe(extraDoc);

    // After a reconnect (a fresh socket, nothing opened yet) it is asked for once more, and opens.
    d.client.stop();
    d.client.start();
    await eventually(() => step1sFor(sent, extra) === 2, 10_000, 'asked again after reconnect');
    const second = appendText(chatDoc, dave.id, 'after reconnecting', Date.now());
    await eventually(
      () =>
        readMessageEntries(chatDoc).some(
          (e) =>
            e.message.id === second.id &&
            tickOf(e, d.client.serverState(daveChat), undefined) !== 'pending',
        ),
      30_000,
      'write after reconnect acknowledged',
    );
    expect(step1sFor(sent, extra)).toBe(2);
    expect(d.client.unopened.has(extra)).toBe(false);
    expect(notOpened.filter((n) => n === extra)).toHaveLength(1);
    d.client.stop();
  }, 180_000);
});
