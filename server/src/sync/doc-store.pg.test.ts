/**
 * Two document stores on one PostgreSQL database with no bus between them — two processes whose
 * notifications have not arrived: a batch of one must first take the locks and catch up with what
 * the other committed (rows and client ids) before it validates, and sequence numbers stay unique.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { appendText, conversationParts, initConversation, plainText } from '@souk/sync';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/open.ts';
import { DocStore } from './doc-store.ts';
import { LocalHub } from './hub.ts';
import { alice, bob, change, platformWrite, copyOf, participants } from './doc-store-fixtures.ts';

const postgresUrl = process.env.SOUK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const clock = { now: () => 1_700_000_000_000 };
const dbName = `souk_docstore_${process.pid}_${Date.now()}`;

let databases: Database[] = [];
let first: DocStore;
let second: DocStore;

beforeAll(async () => {
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${dbName}`;
  databases = [
    await openDatabase({ url: url.toString(), dataDir: '' }),
    await openDatabase({ url: url.toString(), dataDir: '' }),
  ];
  const silent = pino({ level: 'silent' });
  const storeOn = (db: Database) => new DocStore(db, new LocalHub(), clock, silent);
  first = storeOn(databases[0]!);
  second = storeOn(databases[1]!);
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.close()));
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

const texts = async (store: DocStore, name: string) =>
  conversationParts(await copyOf(store, name))
    .messages.toArray()
    .map(plainText);

describe('DocStore on PostgreSQL, two stores', () => {
  it('catches a batch up with the other store’s rows and client ids before validating', async () => {
    const names = ['conv:pg-a', 'conv:pg-b', 'conv:pg-c'];
    for (const name of names) {
      await platformWrite(first, name, (d) => initConversation(d, 'private', participants), [
        alice.id,
        bob.id,
      ]);
    }
    // The second store loads its copies now; what the first commits next it does not hear of.
    const devices = await Promise.all(names.map((name) => copyOf(second, name)));
    const aliceDevice = await copyOf(first, names[0]!);
    const fromFirst = change(aliceDevice, (d) => appendText(d, alice.id, 'via first', 1));
    expect((await first.apply(names[0]!, fromFirst, alice)).kind).toBe('stored');

    // Bob reuses the client id Alice just bound on the first store: refused, in a batch with two
    // good updates that are stored.
    const stolen = change(aliceDevice, (d) => appendText(d, bob.id, 'stolen', 2));
    const results = await Promise.all([
      second.apply(names[0]!, stolen, bob),
      second.apply(
        names[1]!,
        change(devices[1]!, (d) => appendText(d, bob.id, 'b', 3)),
        bob,
      ),
      second.apply(
        names[2]!,
        change(devices[2]!, (d) => appendText(d, bob.id, 'c', 4)),
        bob,
      ),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['refused', 'stored', 'stored']);
    // The second store's copy now holds the first store's message, read inside the batch.
    expect(await texts(second, names[0]!)).toEqual(['via first']);
    const seqs = results.flatMap((r) => (r.kind === 'stored' ? [r.seq] : []));
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(await texts(second, names[1]!)).toEqual(['b']);
  });
});
