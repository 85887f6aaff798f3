/**
 * Two server processes share one PostgreSQL database: a message accepted by one reaches a device
 * connected to the other, live, and both serve the same catch-up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendText, conversationParts, MemoryDocStore, plainText } from '@souk/sync';
import { freshDatabase, startServerProcess, type ServerProcess } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { device, eventually, signIn, startChat } from '../support/people.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let first: ServerProcess;
let second: ServerProcess;

beforeAll(async () => {
  database = await freshDatabase();
  first = await startServerProcess({ DATABASE_URL: database.url }, await freePort());
  second = await startServerProcess({ DATABASE_URL: database.url }, await freePort());
});
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await database?.drop();
});

it('forwards updates between processes and catches up from either', async () => {
  const alice = await signIn(first.url, '+34622200001');
  const bob = await signIn(second.url, '+34622200002');
  const chat = await startChat(first.url, alice, bob.phone);
  const a = device(first.url, alice);
  const b = device(second.url, bob);
  a.client.start();
  b.client.start();
  const aliceDoc = await a.client.open(chat);
  await eventually(
    () => b.store.docs.has(chat),
    15_000,
    'bob learns of the chat through the other process',
  );

  for (let i = 0; i < 20; i++) appendText(aliceDoc, alice.id, `from process one ${i}`, Date.now());
  const texts = (doc: import('yjs').Doc) =>
    conversationParts(doc).messages.toArray().map(plainText);
  await eventually(
    () => texts(b.store.docs.get(chat)!).length === 20,
    15_000,
    'bob receives all twenty live',
  );
  const bobDoc = await b.client.open(chat);
  appendText(bobDoc, bob.id, 'from process two', Date.now());
  await eventually(
    () => texts(aliceDoc).includes('from process two'),
    15_000,
    'alice receives through the other process',
  );

  // A new device of Bob's catching up from the first process gets the same history.
  const late = device(first.url, bob, new MemoryDocStore());
  late.client.start();
  await eventually(
    () => late.store.docs.has(chat) && texts(late.store.docs.get(chat)!).length === 21,
    15_000,
    'catch-up',
  );
  expect(texts(late.store.docs.get(chat)!)).toEqual(texts(aliceDoc));
  [a, b, late].forEach((d) => d.client.stop());
});
