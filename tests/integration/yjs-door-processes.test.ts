/**
 * The y-websocket door across two server processes on one PostgreSQL database (issue 20): a
 * token is single-use across processes (two sockets racing with one token on two processes: one
 * gets in), and updates cross between a provider on one process and a phone on /sync on the other
 * through the NOTIFY path, both ways.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { appendText, conversationParts, plainText } from '@souk/sync';
import { freshDatabase, startServerProcess, type ServerProcess } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { device, eventually, signIn, startChat } from '../support/people.ts';
import { yjsProvider, yjsToken, type TestProvider } from '../support/yjs-door.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let first: ServerProcess;
let second: ServerProcess;
const providers: TestProvider[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  first = await startServerProcess({ DATABASE_URL: database.url }, await freePort());
  second = await startServerProcess({ DATABASE_URL: database.url }, await freePort());
});
afterAll(async () => {
  providers.forEach((p) => p.provider.destroy());
  await Promise.all([first?.stop(), second?.stop()]);
  await database?.drop();
});

const texts = (doc: Y.Doc) => conversationParts(doc).messages.toArray().map(plainText);

/** 'in' once the provider synced, else the close code the server ended it with. */
const outcome = (p: TestProvider) =>
  Promise.race([p.synced.then(() => 'in' as const), p.closed.then((c) => c.code)]);

it('spends a token once across processes, and carries updates between the doors', async () => {
  const alice = await signIn(first.url, '+34623300001');
  const bob = await signIn(second.url, '+34623300002');
  const chat = await startChat(first.url, alice, bob.phone);

  const token = await yjsToken(first.url, alice, chat);
  const racing = [yjsProvider(first.url, chat, token), yjsProvider(second.url, chat, token)];
  providers.push(...racing);
  const outcomes = await Promise.all(racing.map(outcome));
  expect(outcomes.filter((o) => o === 'in')).toHaveLength(1);
  expect(outcomes.filter((o) => o === 4401)).toHaveLength(1);

  const provider = yjsProvider(second.url, chat, await yjsToken(second.url, alice, chat));
  providers.push(provider);
  await provider.synced;
  const phone = device(first.url, bob);
  phone.client.start();
  const bobDoc = await phone.client.open(chat);

  appendText(provider.doc, alice.id, 'from the door on process two', Date.now());
  await eventually(
    () => texts(bobDoc).includes('from the door on process two'),
    15_000,
    'the phone on process one receives',
  );
  appendText(bobDoc, bob.id, 'from the phone on process one', Date.now());
  await eventually(
    () => texts(provider.doc).includes('from the phone on process one'),
    15_000,
    'the provider on process two receives',
  );
  phone.client.stop();
});
