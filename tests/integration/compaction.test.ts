/**
 * Compaction runs by itself: a server told to compact after a few updates folds a conversation's
 * stored updates into one snapshot (a row in `doc_snapshots`, the folded rows gone from
 * `doc_updates`) without anyone asking, and devices catching up from cursor 0 or from a cursor
 * whose rows were folded still get every message, once.
 *
 * On PostgreSQL the tables are watched while the server runs. PGlite is single-process, so there
 * the server is closed first (a graceful close waits for the compaction already queued) and
 * started again on the same data directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, MemoryDocStore, plainText } from '@souk/sync';
import { testStorage, type TestStorage } from '../support/processes.ts';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { freePort } from '../support/ports.ts';
import { device, eventually, signIn, startChat } from '../support/people.ts';

const compactAfter = 10;

describe.each(backends)('on %s', (backend) => {
  let storage: TestStorage;
  let server: TestServer;
  let port: number;
  // The storage's environment picks the database (a PGlite directory or a PostgreSQL URL); one
  // port, so devices reconnect to the restarted server.
  const start = () =>
    startTestServer({ ...storage.env, PORT: String(port) }, { compactAfter }, 'pglite');

  beforeAll(async () => {
    storage = await testStorage(backend);
    port = await freePort();
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
    await storage?.drop();
  });

  const texts = (doc: Y.Doc) => conversationParts(doc).messages.toArray().map(plainText);

  it('folds stored updates into a snapshot by itself; catch-up from any cursor is whole', async () => {
    const alice = await signIn(server.url, '+34613300001');
    const bob = await signIn(server.url, '+34613300002');
    const chat = await startChat(server.url, alice, bob.phone);
    const a = device(server.url, alice);
    const b = device(server.url, bob);
    a.client.start();
    b.client.start();
    const aliceDoc = await a.client.open(chat);
    await eventually(
      () => a.client.status === 'online' && b.client.status === 'online',
      10_000,
      'online',
    );
    const drained = () =>
      eventually(async () => (await a.store.pendingDocs()).length === 0, 30_000, 'acknowledged');

    // One update per message: each is a stored row.
    const first = Array.from({ length: 8 }, (_, i) => `before ${i}`);
    first.forEach((text) => appendText(aliceDoc, alice.id, text, Date.now()));
    await drained();
    // Bob's device goes away with a live cursor past the first messages.
    const midCursor = await server.store.currentSeq();
    await eventually(
      async () => (await b.store.loadCursor()) === String(midCursor),
      10_000,
      'bob at the mid cursor',
    );
    expect(texts(b.store.docs.get(chat)!)).toEqual(first);
    b.client.stop();

    const second = Array.from({ length: 3 * compactAfter }, (_, i) => `after ${i}`);
    second.forEach((text) => appendText(aliceDoc, alice.id, text, Date.now()));
    await drained();
    const all = [...first, ...second];

    // Nobody asks for compaction: a snapshot past the mid cursor appears, its rows are gone, and
    // compaction keeps up (fewer rows than the threshold after the last snapshot).
    const compacted = async () => {
      const [snapshot] = await storage.query<{ upto: number }>(
        'SELECT upto_seq::int AS upto FROM doc_snapshots WHERE doc = $1',
        [chat],
      );
      if (!snapshot || snapshot.upto <= midCursor) return null;
      const [rows] = await storage.query<{ folded: number; left: number }>(
        `SELECT count(*) FILTER (WHERE seq <= $2)::int AS folded, count(*)::int AS left
           FROM doc_updates WHERE doc = $1`,
        [chat, snapshot.upto],
      );
      return rows!.left < compactAfter ? { upto: snapshot.upto, ...rows! } : null;
    };
    let found: Awaited<ReturnType<typeof compacted>> = null;
    if (storage.readableWhileRunning) {
      await eventually(async () => (found = await compacted()) !== null, 30_000, 'a snapshot');
    } else {
      await server.close();
      found = await compacted();
    }
    expect(found).not.toBeNull();
    expect(found!.folded).toBe(0);
    expect(texts(await storage.stored(chat))).toEqual(all);
    if (!storage.readableWhileRunning) server = await start();

    // Bob's device comes back from the mid cursor (rows after it were folded into the snapshot)…
    b.client.start();
    await eventually(
      () => texts(b.store.docs.get(chat)!).length === all.length,
      20_000,
      'bob caught up from the mid cursor',
    );
    expect(texts(b.store.docs.get(chat)!)).toEqual(all);
    // …and a new device of Bob's from cursor 0.
    const fresh = device(server.url, bob, new MemoryDocStore());
    fresh.client.start();
    await eventually(
      () => fresh.client.status === 'online' && fresh.store.docs.has(chat),
      20_000,
      'new device caught up',
    );
    expect(texts(fresh.store.docs.get(chat)!)).toEqual(all);
    [a, b, fresh].forEach((d) => d.client.stop());
  }, 120_000);
});
