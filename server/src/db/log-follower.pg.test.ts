/**
 * Two log followers on one PostgreSQL database — two processes woken by the same commits: an
 * in-transaction consumer's batch is taken by one of them at a time (its cursor row locked), and
 * the one that waited finds the batch counted, so nothing is counted twice. And a commit in one
 * process wakes the follower of another (NOTIFY), with nobody asking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { initConversation } from '@souk/sync';
import postgres from 'postgres';
import { openDatabase, type Database } from './open.ts';
import { LogFollower, type LogConsumer } from './log-follower.ts';
import { DocStore, readUpdate } from '../sync/doc-store.ts';
import { LocalHub, PostgresHub } from '../sync/hub.ts';
import { participants, platformWrite } from '../sync/doc-store-fixtures.ts';

const postgresUrl = process.env.SOUK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `souk_follower_${process.pid}_${Date.now()}`;
const silent = pino({ level: 'silent' });
const held = { batchSize: 500, delayMs: 1e9, retryMs: 1e9 };
const counted = pgTable('test_counted', { by: text('by').notNull(), doc: text('doc').notNull() });

let databases: Database[] = [];
let watcher: postgres.Sql;

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
  watcher = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await databases[0]!.db.execute(
    sql`CREATE TABLE test_counted (by text NOT NULL, doc text NOT NULL)`,
  );
});
afterAll(async () => {
  await watcher?.end();
  await Promise.all(databases.map((db) => db.close()));
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

/** Counts each row it is handed; `pause` holds the batch (cursor row locked) until released. */
function counter(by: string, pause?: { entered: () => void; release: Promise<void> }): LogConsumer {
  return {
    name: 'count',
    startAt: 'present',
    effects: 'in-transaction',
    async handle(tx, rows) {
      for (const row of rows) await tx.insert(counted).values({ by, doc: row.doc });
      if (pause) {
        pause.entered();
        await pause.release;
      }
    },
  };
}

describe('LogFollower on PostgreSQL, two processes', () => {
  it('hands an in-transaction batch to one process; the other finds it done', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const first = new LogFollower(databases[0]!.db, new LocalHub(), silent, held);
    first.register(counter('first', { entered, release: released }));
    const second = new LogFollower(databases[1]!.db, new LocalHub(), silent, held);
    second.register(counter('second'));
    await first.start();
    await second.start();
    await first.settled();

    const store = new DocStore(databases[0]!, new LocalHub(), { now: () => 1 }, silent);
    const names = ['conv:race-a', 'conv:race-b', 'conv:race-c'];
    for (const name of names)
      await platformWrite(store, name, (d) => initConversation(d, 'private', participants));

    const one = first.settled();
    await inside; // the first holds the batch, its cursor row locked
    const two = second.settled();
    // PostgreSQL says the second is waiting for that row lock.
    for (;;) {
      const [waiting] = await watcher<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = ${dbName} AND wait_event_type = 'Lock'`;
      if (waiting!.n > 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    release();
    await Promise.all([one, two]);

    const rows = await databases[0]!.db.select().from(counted);
    expect(rows.map((r) => r.doc).sort()).toEqual(names);
    expect(new Set(rows.map((r) => r.by))).toEqual(new Set(['first']));
    await Promise.all([first.close(), second.close()]);
  });

  it('wakes on a commit another process notified', async () => {
    const hubOf = (database: Database) =>
      PostgresHub.start(database.sql!, (seq, doc) => readUpdate(database.db, seq, doc), silent);
    const [committing, listening] = [await hubOf(databases[0]!), await hubOf(databases[1]!)];
    let handled!: (doc: string) => void;
    const seen = new Promise<string>((resolve) => (handled = resolve));
    const follower = new LogFollower(databases[1]!.db, listening, silent, {
      ...held,
      delayMs: 0,
    });
    follower.register({
      name: 'woken',
      startAt: 'present',
      effects: 'idempotent',
      async handle(rows) {
        for (const row of rows) handled(row.doc);
      },
    });
    await follower.start();
    await follower.settled();
    const store = new DocStore(databases[0]!, committing, { now: () => 1 }, silent);
    await platformWrite(store, 'conv:notified', (d) =>
      initConversation(d, 'private', participants),
    );
    expect(await seen).toBe('conv:notified');
    await follower.close();
    await Promise.all([committing.close(), listening.close()]);
  });
});
