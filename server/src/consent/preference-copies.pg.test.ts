/**
 * Preference copies on PostgreSQL, two processes with no bus between them (notifications not
 * arrived): the person writes through one, the consent facts read on the other and still see
 * each change at their very next read (preference-copies-suite.ts).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { pino } from 'pino';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/open.ts';
import { DocStore } from '../sync/doc-store.ts';
import { LocalHub } from '../sync/hub.ts';
import { bob } from '../sync/doc-store-fixtures.ts';
import { ConsentFacts } from './consent-facts.ts';
import { preferenceCopiesSuite, type Setup } from './preference-copies-suite.ts';

const postgresUrl = process.env.SOUK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `souk_prefcopies_${process.pid}_${Date.now()}`;
let databases: Database[] = [];
let setup: Setup;

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
  const [one, other] = databases.map((db) => {
    const hub = new LocalHub();
    return { db, hub, store: new DocStore(db, hub, { now: () => 1 }, silent) };
  });
  setup = {
    writer: one!.store,
    facts: new ConsentFacts(other!.db.db, other!.store, other!.hub),
  };
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.close()));
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

describe('preference copies on PostgreSQL, read by another process', () => {
  preferenceCopiesSuite(() => setup, bob);
});
