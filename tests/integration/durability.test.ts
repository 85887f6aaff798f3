/**
 * Nothing acknowledged is ever lost: several people send while the server (on PostgreSQL) is
 * killed with SIGKILL again and again. Every message that got its ✓ must be in the database and
 * on every device afterwards, and the unacknowledged ones are resent without duplicates.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import postgres from 'postgres';
import { appendText, conversationParts, readMessageEntries, tickOf } from '@souk/sync';
import {
  freshDatabase,
  startServerProcess,
  storedDoc,
  type ServerProcess,
} from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { device, eventually, signIn, startChat } from '../support/people.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let server: ServerProcess;
let port: number;

beforeAll(async () => {
  database = await freshDatabase();
  port = await freePort();
  server = await startServerProcess({ DATABASE_URL: database.url }, port);
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('keeps every acknowledged message through repeated SIGKILLs', async () => {
  const people = await Promise.all(
    ['+34611100001', '+34611100002', '+34611100003', '+34611100004'].map((p) =>
      signIn(server.url, p),
    ),
  );
  const chats = [
    await startChat(server.url, people[0]!, people[1]!.phone),
    await startChat(server.url, people[2]!, people[3]!.phone),
  ];
  const devices = people.map((person, i) => ({
    person,
    chat: chats[Math.floor(i / 2)]!,
    ...device(server.url, person),
  }));
  const written = new Set<string>();
  const acked = new Set<string>();

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
    for (let k = 0; writing; k++) {
      written.add(appendText(doc, d.person.id, `p${i}-${k}`, Date.now()).id);
      await sleep(25);
    }
  });

  for (let round = 0; round < 3; round++) {
    await sleep(1500);
    await server.kill();
    await sleep(200);
    server = await startServerProcess({ DATABASE_URL: database.url }, port);
  }
  await sleep(1000);
  writing = false;
  await Promise.all(writers);

  // Every device reconnects and drains its queue.
  await eventually(
    async () =>
      (await Promise.all(devices.map((d) => d.store.pendingDocs()))).every((p) => p.length === 0),
    30_000,
    'queues drained',
  );
  expect(acked.size).toBeGreaterThan(20);

  // What the database holds, decoded from the stored updates.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const stored = new Set<string>();
  const storedByChat = new Map<string, string[]>();
  for (const chat of chats) {
    const doc = await storedDoc(sql, chat);
    const ids = conversationParts(doc)
      .messages.toArray()
      .map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => stored.add(id));
    storedByChat.set(chat, ids);
  }
  await sql.end();
  for (const id of acked) expect(stored.has(id)).toBe(true);
  for (const id of written) expect(stored.has(id)).toBe(true);

  // And every device ends with the whole conversation, once.
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
}, 120_000);

it('finishes in-flight writes and exits cleanly on SIGTERM', async () => {
  const person = await signIn(server.url, '+34611100009');
  const peer = await signIn(server.url, '+34611100010');
  const chat = await startChat(server.url, person, peer.phone);
  const d = device(server.url, person);
  d.client.start();
  const doc = await d.client.open(chat);
  await eventually(() => d.client.status === 'online', 10_000, 'online');
  let acked = 0;
  d.client.on('ack', () => {
    acked = readMessageEntries(doc).filter(
      (e) => tickOf(e, d.client.serverState(chat), undefined) !== 'pending',
    ).length;
  });
  for (let i = 0; i < 50; i++) appendText(doc, person.id, `burst ${i}`, Date.now());
  await sleep(5);
  expect(await server.stop()).toBe(0);
  d.client.stop();

  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const stored = await storedDoc(sql, chat);
  await sql.end();
  expect(conversationParts(stored).messages.length).toBeGreaterThanOrEqual(acked);
  server = await startServerProcess({ DATABASE_URL: database.url }, port);
}, 60_000);
