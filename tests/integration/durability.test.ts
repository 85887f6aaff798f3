/**
 * Nothing acknowledged is ever lost, on both databases: the default embedded PGlite (a data
 * directory on disk) and PostgreSQL. Several people send while the server process is killed with
 * SIGKILL again and again: every message that got its ✓ must be in the database and on every
 * device afterwards, and the unacknowledged ones are resent without duplicates. On SIGTERM the
 * server finishes the writes in flight (it commits after the signal), exits 0, and keeps
 * everything it acknowledged.
 *
 * The database is read with the server stopped: PGlite is single-process, so only then can the
 * test open its data directory. Each test starts its own server and stops it after, so one that
 * fails with the server stopped leaves nothing behind for the next (the database is shared, each
 * test with its own people and chats).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import postgres from 'postgres';
import * as Y from 'yjs';
import { appendText, conversationParts, readMessageEntries, tickOf } from '@souk/sync';
import {
  startServerProcess,
  testStorage,
  type ServerProcess,
  type TestStorage,
} from '../support/processes.ts';
import { freePort, portOpen } from '../support/ports.ts';
import { backends } from '../support/server.ts';
import { device, eventually, signIn, startChat } from '../support/people.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every Yjs clock of `acked` is covered by `doc`: everything acknowledged is in it. */
function coveredBy(acked: Map<number, number>, doc: Y.Doc): boolean {
  const stored = Y.decodeStateVector(Y.encodeStateVector(doc));
  return [...acked].every(([client, clock]) => (stored.get(client) ?? 0) >= clock);
}

describe.each(backends)('on %s', (backend) => {
  let storage: TestStorage;
  let server: ServerProcess;
  let port: number;
  const phone = (n: number) => `+34611100${String(n).padStart(3, '0')}`;

  /** Devices of the running test, stopped after it whatever happened (they reconnect forever). */
  let clients: Array<{ stop(): void }> = [];
  /** Every refusal a device got: a durable write is never refused, and a refused one is rolled back. */
  let refusals: string[] = [];
  const track = <T extends ReturnType<typeof device>>(d: T): T => {
    clients.push(d.client);
    d.client.on('refused', (name, { kind, code }) => {
      refusals.push(`${name}: ${kind} (${code})`);
    });
    return d;
  };

  beforeAll(async () => {
    storage = await testStorage(backend);
  });
  afterAll(async () => {
    await storage?.drop();
  });
  beforeEach(async () => {
    clients = [];
    refusals = [];
    port = await freePort();
    server = await startServerProcess(storage.env, port);
  });
  afterEach(async () => {
    clients.forEach((client) => client.stop());
    await server?.stop();
  });

  it('keeps every acknowledged message through repeated SIGKILLs', async () => {
    const people = await Promise.all([1, 2, 3, 4].map((n) => signIn(server.url, phone(n))));
    const chats = [
      await startChat(server.url, people[0]!, people[1]!.phone),
      await startChat(server.url, people[2]!, people[3]!.phone),
    ];
    const devices = people.map((person, i) => ({
      person,
      chat: chats[Math.floor(i / 2)]!,
      ...track(device(server.url, person)),
    }));
    const written = new Set<string>();
    const acked = new Set<string>();
    // While the server restarts, a device piles up a backlog (more than one update may carry on a
    // slow machine), sent when it reconnects.
    for (const d of devices) {
      d.client.start();
      const doc = await d.client.open(d.chat);
      d.client.on('ack', (name) => {
        if (name !== d.chat) return;
        for (const entry of readMessageEntries(doc)) {
          if (
            entry.message.author === d.person.id &&
            tickOf(entry, d.client.serverState(name), undefined) !== 'pending'
          ) {
            acked.add(entry.message.id);
          }
        }
      });
    }
    let writing = true;
    const writers = devices.map(async (d, i) => {
      const doc = await d.client.open(d.chat);
      const backlog = () =>
        readMessageEntries(doc).filter(
          (e) =>
            e.message.author === d.person.id &&
            tickOf(e, d.client.serverState(d.chat), undefined) === 'pending',
        ).length;
      for (let k = 0; writing; k++) {
        // A person types on while offline, but not hundreds of messages however long a restart
        // takes on a busy machine: a backlog stays under the 100 late items a closed epoch takes
        // from one identity (docs/protocol.md), as an epoch can roll over in the middle of it.
        await eventually(() => !writing || backlog() < 40, 120_000, 'a backlog under 40');
        if (!writing) break;
        written.add(appendText(doc, d.person.id, `p${i}-${k}`, Date.now()).id);
        await sleep(25); // the pace of typing, not a wait for anything
      }
    });

    // Each kill lands mid-stream: writes flowing and being acknowledged since the last start
    // (counted, not timed, so a slow machine kills no earlier in the stream than a fast one).
    const moreAcknowledged = (n: number) => {
      const target = acked.size + n;
      return eventually(() => acked.size >= target, 30_000, `${target} acknowledged`);
    };
    for (let round = 0; round < 3; round++) {
      await moreAcknowledged(8);
      await server.kill();
      server = await startServerProcess(storage.env, port);
    }
    await moreAcknowledged(8);
    writing = false;
    await Promise.all(writers);

    // Every device reconnects and drains its queue.
    await eventually(
      async () =>
        (await Promise.all(devices.map((d) => d.store.pendingDocs()))).every((p) => p.length === 0),
      30_000,
      'queues drained',
    );
    expect(refusals).toEqual([]);
    expect(acked.size).toBeGreaterThan(20);

    // What the database holds, decoded from the stored updates (server stopped to read it).
    expect(await server.stop()).toBe(0);
    const stored = new Set<string>();
    const storedByChat = new Map<string, string[]>();
    for (const chat of chats) {
      const doc = await storage.stored(chat);
      const ids = conversationParts(doc)
        .messages.toArray()
        .map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      ids.forEach((id) => stored.add(id));
      storedByChat.set(chat, ids);
    }
    for (const id of acked) expect(stored.has(id)).toBe(true);
    for (const id of written) expect(stored.has(id)).toBe(true);

    // And every device ends with the whole conversation, once.
    server = await startServerProcess(storage.env, port);
    for (const d of devices) {
      const expected = [...storedByChat.get(d.chat)!].sort();
      await eventually(
        () => {
          const ids = conversationParts(d.store.docs.get(d.chat)!)
            .messages.toArray()
            .map((m) => m.id);
          return JSON.stringify([...ids].sort()) === JSON.stringify(expected);
        },
        20_000,
        'device converged',
      );
    }
    devices.forEach((d) => d.client.stop());
  }, 180_000);

  it('exits cleanly on SIGTERM mid-burst and keeps everything it acknowledged', async () => {
    // Three people, each writing to their own chat: commits of different documents are grouped,
    // so several are in flight at once.
    const senders = await Promise.all(
      [0, 1, 2].map(async (k) => {
        const person = await signIn(server.url, phone(11 + 2 * k));
        const peer = await signIn(server.url, phone(12 + 2 * k));
        const chat = await startChat(server.url, person, peer.phone);
        const d = track(device(server.url, person));
        d.client.start();
        const doc = await d.client.open(chat);
        return { person, chat, doc, ...d };
      }),
    );
    await eventually(() => senders.every((s) => s.client.status === 'online'), 10_000, 'online');
    const ackedOf = (s: (typeof senders)[number]) => {
      const state = new Map(s.client.serverState(s.chat));
      return {
        state,
        ids: readMessageEntries(s.doc)
          .filter((e) => tickOf(e, state, undefined) !== 'pending')
          .map((e) => e.message.id),
      };
    };

    // Bursts of separate updates (one frame each, far below the compaction threshold, so every
    // commit stays a row with its time); the signal goes out as soon as the first message is
    // acknowledged, while the rest are queued or committing.
    const burst = 150;
    const firstAck = new Promise<void>((resolve) =>
      senders.forEach((s) =>
        s.client.on('ack', () => {
          if (ackedOf(s).ids.length > 0) resolve();
        }),
      ),
    );
    for (let i = 0; i < burst; i++)
      for (const s of senders) appendText(s.doc, s.person.id, `burst ${i}`, Date.now());
    await firstAck;
    expect(await server.stop()).toBe(0);
    for (const s of senders) {
      s.client.stop();
      await s.client.settled();
    }

    // Everything acknowledged is stored: every Yjs clock below the acknowledged state vectors.
    let acked = 0;
    for (const s of senders) {
      const { state, ids } = ackedOf(s);
      acked += ids.length;
      const stored = await storage.stored(s.chat);
      expect(coveredBy(state, stored)).toBe(true);
      const storedIds = new Set(
        conversationParts(stored)
          .messages.toArray()
          .map((m) => m.id),
      );
      for (const id of ids) expect(storedIds.has(id)).toBe(true);
    }
    expect(acked).toBeGreaterThan(0);

    // Back up: the devices resend what was not acknowledged, and each message is stored once.
    server = await startServerProcess(storage.env, port);
    senders.forEach((s) => s.client.start());
    await eventually(
      async () =>
        (await Promise.all(senders.map((s) => s.store.pendingDocs()))).every((p) => p.length === 0),
      30_000,
      'queues drained',
    );
    senders.forEach((s) => s.client.stop());
    expect(await server.stop()).toBe(0);
    for (const s of senders) {
      const ids = conversationParts(await storage.stored(s.chat))
        .messages.toArray()
        .map((m) => m.id);
      expect(ids.length).toBe(burst);
      expect(new Set(ids).size).toBe(burst);
    }
    expect(refusals).toEqual([]);
  }, 120_000);

  it('stops on SIGTERM although a client holds a request open', async () => {
    // A slow client: the headers of a sign-in request, then a body that never comes. Node's
    // server.close() waits for such a connection until its request times out (minutes).
    const held = connect(port, '127.0.0.1');
    await new Promise((resolve) => held.once('connect', resolve));
    held.write(
      'POST /api/auth/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'X-Souk-App: personal\r\nContent-Length: 100\r\n\r\n{"phone":',
    );
    const ended = new Promise((resolve) => held.once('close', resolve));
    expect(await server.stop()).toBe(0);
    await ended; // the server ended it
  }, 30_000);

  // A write held in the database when the signal comes: the server stops listening, yet waits for
  // the write, commits it and only then exits. PostgreSQL only: the test holds a table lock from
  // its own connection, which an embedded PGlite cannot share.
  it.runIf(backend === 'postgres')(
    'finishes a write in flight when SIGTERM arrives',
    async () => {
      const person = await signIn(server.url, phone(31));
      const peer = await signIn(server.url, phone(32));
      const chat = await startChat(server.url, person, peer.phone);
      const d = track(device(server.url, person));
      d.client.start();
      const doc = await d.client.open(chat);
      await eventually(() => d.client.status === 'online', 10_000, 'online');

      const sql = postgres(storage.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
      const locker = await sql.reserve();
      try {
        await locker`BEGIN`;
        await locker`LOCK TABLE doc_updates IN SHARE MODE`; // inserts wait, reads go on
        const sent = appendText(doc, person.id, 'held in flight', Date.now());
        await eventually(
          async () =>
            (
              await sql`SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
                        AND wait_event_type = 'Lock' AND query ILIKE '%doc_updates%'`
            ).length > 0,
          10_000,
          'the commit waiting for the lock',
        );
        const exit = server.stop();
        await eventually(
          async () => !(await portOpen(port)),
          10_000,
          'the server to stop listening',
        );
        expect(server.child.exitCode).toBeNull(); // still waiting for its write
        await locker`COMMIT`;
        expect(await exit).toBe(0);
        d.client.stop();
        await d.client.settled();
        const stored = conversationParts(await storage.stored(chat))
          .messages.toArray()
          .map((m) => m.id);
        expect(stored).toContain(sent.id);
        // Committed after the sockets closed, so never acknowledged: the device resends it on the
        // next start, and it is stored once.
        const entry = readMessageEntries(doc).find((e) => e.message.id === sent.id)!;
        expect(tickOf(entry, d.client.serverState(chat), undefined)).toBe('pending');
        server = await startServerProcess(storage.env, port);
        d.client.start();
        await eventually(async () => (await d.store.pendingDocs()).length === 0, 20_000, 'resent');
        const again = conversationParts(await storage.stored(chat))
          .messages.toArray()
          .filter((m) => m.id === sent.id);
        expect(again).toHaveLength(1);
      } finally {
        locker.release();
        await sql.end();
      }
      expect(refusals).toEqual([]);
    },
    60_000,
  );
});
