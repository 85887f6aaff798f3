/**
 * The forward limit on PostgreSQL: the suite PGlite runs too, then two processes (two connection
 * pools on one database) claiming one message into many chats at the same moment: some may be
 * refused that would have fitted, never one too many let through, and no refused claim stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { limits } from '@souk/sync';
import { openDatabase, type Database } from '../db/open.ts';
import { forwardClaims } from '../db/schema.ts';
import { ForwardLimit } from './forward-limit.ts';
import { forwardLimitSuite, forwards, freshActor, original } from './forward-limit-suite.ts';

const postgresUrl = process.env.SOUK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `souk_forwards_${process.pid}_${Date.now()}`;
let databases: Database[] = [];

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
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.close()));
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

forwardLimitSuite(() => databases[0]!.db);

describe('ForwardLimit in two processes at once', () => {
  it('never lets a message into more than 5 chats, and keeps only the claims it allowed', async () => {
    const clock = { now: () => 1_700_000_000_000 };
    const processes = databases.map((d) => new ForwardLimit(d.db, clock));
    const actor = freshActor();
    const offer = original('Everyone must see this');
    const attempts = Array.from({ length: 12 }, (_, i) =>
      processes[i % 2]!.allows(actor, `conv:race${i}`, forwards(actor, offer)),
    );
    const allowed = (await Promise.all(attempts)).filter(Boolean).length;
    expect(allowed).toBeLessThanOrEqual(limits.maxForwardChats);
    const [row] = await databases[1]!.db
      .select({ n: count() })
      .from(forwardClaims)
      .where(eq(forwardClaims.actor, actor));
    expect(row?.n).toBe(allowed);
  });
});
