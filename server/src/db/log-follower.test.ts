import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { initConversation } from '@souk/sync';
import { openDatabase, type Database } from './open.ts';
import { LogFollower, type LogConsumer, type LogFollowerOptions, type Tx } from './log-follower.ts';
import type { LogRow } from './committed-log.ts';
import { DocStore } from '../sync/doc-store.ts';
import { LocalHub } from '../sync/hub.ts';
import { participants, platformWrite } from '../sync/doc-store-fixtures.ts';
import { seqCounter } from './schema.ts';

/** What the test consumers write in their cursor's transaction. */
const testEffects = pgTable('test_effects', {
  cursor: text('cursor').notNull(),
  doc: text('doc').notNull(),
});

const logger = pino({ level: 'silent' });
/** Never on its own: only `settled()` reads (a process that dies before its timers fire). */
const held: LogFollowerOptions = { batchSize: 2, delayMs: 1e9, retryMs: 1e9 };

let database: Database;
let store: DocStore;
const hub = new LocalHub();
let n = 0;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  store = new DocStore(database, hub, { now: () => 1 }, logger);
  await database.db.execute(
    sql`CREATE TABLE test_effects (cursor text NOT NULL, doc text NOT NULL)`,
  );
});
afterAll(() => database.close());

async function commitChats(count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `conv:log${n++}`;
    await platformWrite(store, name, (d) => initConversation(d, 'private', participants));
    names.push(name);
  }
  return names;
}

/** An idempotent consumer recording the documents it was handed. */
function recording(
  name: string,
  seen: string[],
  options: { startAt?: 'present' | 'beginning'; fail?: (row: LogRow) => boolean } = {},
): LogConsumer {
  return {
    name,
    startAt: options.startAt ?? 'present',
    effects: 'idempotent',
    async handle(rows) {
      for (const row of rows) {
        if (options.fail?.(row)) throw new Error('receiver down');
        seen.push(row.doc);
      }
    },
  };
}

/** A consumer writing a row per document in the cursor's transaction. */
function transactional(name: string, fail: (row: LogRow) => boolean = () => false): LogConsumer {
  return {
    name,
    startAt: 'present',
    effects: 'in-transaction',
    async handle(tx: Tx, rows) {
      for (const row of rows) {
        await tx.insert(testEffects).values({ cursor: name, doc: row.doc });
        if (fail(row)) throw new Error('crashed mid-batch');
      }
    },
  };
}

async function effectsOf(name: string): Promise<string[]> {
  const rows = await database.db
    .select({ doc: testEffects.doc })
    .from(testEffects)
    .where(eq(testEffects.cursor, name));
  return rows.map((r) => r.doc).sort();
}

async function following(consumers: LogConsumer[], options = held): Promise<LogFollower> {
  const follower = new LogFollower(database.db, hub, logger, options);
  for (const consumer of consumers) follower.register(consumer);
  await follower.start();
  return follower;
}

describe('LogFollower', () => {
  it('hands what a dead process did not get to the next one: every consumer, in order, once', async () => {
    const first = await following([recording('a', []), transactional('a-tx')]);
    await first.close(); // started (cursors at the present), then died before reading
    const names = await commitChats(3);
    const seen: string[] = [];
    const next = await following([recording('a', seen), transactional('a-tx')]);
    await next.settled();
    expect(seen).toEqual(names);
    expect(await effectsOf('a-tx')).toEqual([...names].sort());
    await next.settled();
    expect(seen).toEqual(names);
    expect(await effectsOf('a-tx')).toEqual([...names].sort());
    await next.close();
  });

  it('starts a new cursor at the present, or at the first row when asked', async () => {
    const before = await commitChats(2);
    const fresh: string[] = [];
    const all: string[] = [];
    const follower = await following([
      recording('new', fresh),
      recording('all', all, { startAt: 'beginning' }),
    ]);
    await follower.settled();
    expect(fresh).toEqual([]);
    expect(all).toEqual(expect.arrayContaining(before));
    const later = await commitChats(1);
    await follower.settled();
    expect(fresh).toEqual(later);
    expect(all.at(-1)).toBe(later[0]);
    await follower.close();
  });

  it('holds back only a failing consumer, and hands it its stretch again', async () => {
    await (await following([recording('ok', []), recording('flaky', [])])).close();
    const names = await commitChats(2);
    let fail = true;
    const ok: string[] = [];
    const flaky: string[] = [];
    const follower = await following([
      recording('ok', ok),
      recording('flaky', flaky, { fail: (row) => fail && row.doc === names[1] }),
    ]);
    await expect(follower.settled('flaky')).rejects.toThrow('receiver down');
    await follower.settled('ok');
    expect(ok).toEqual(names);
    fail = false;
    await follower.settled();
    // Each attempt hands the stretch again from its start: effects must be idempotent.
    expect(flaky.length).toBeGreaterThan(2);
    expect(new Set(flaky.slice(0, -1))).toEqual(new Set([names[0]]));
    expect(flaky.at(-1)).toBe(names[1]);
    expect(ok).toEqual(names);
    await follower.close();
  });

  it('keeps an in-transaction consumer’s effects only with its cursor: a failed batch leaves neither', async () => {
    await (await following([transactional('counts')])).close();
    const names = await commitChats(2);
    let fail = true;
    const follower = await following([
      transactional('counts', (row) => fail && row.doc === names[1]),
    ]);
    await expect(follower.settled()).rejects.toThrow('crashed mid-batch');
    expect(await effectsOf('counts')).toEqual([]);
    fail = false;
    await follower.settled();
    expect(await effectsOf('counts')).toEqual([...names].sort());
    await follower.close();
  });

  it('hands an in-transaction consumer its stretch again after a rewind', async () => {
    await (await following([transactional('again')])).close();
    const [counter] = await database.db.select().from(seqCounter).where(eq(seqCounter.id, 1));
    const mark = Number(counter!.value);
    const names = await commitChats(2);
    const follower = await following([transactional('again')]);
    await follower.settled();
    await follower.rewind('again', mark);
    expect(await effectsOf('again')).toEqual([...names, ...names].sort());
    await follower.close();
  });

  it('hands a `last` consumer a stretch only once every other has it; one failing holds it back', async () => {
    const ahead: string[] = [];
    const behind: string[] = [];
    let fail = true;
    const last: LogConsumer = {
      name: 'last',
      startAt: 'present',
      effects: 'idempotent',
      last: true,
      async handle(rows) {
        for (const row of rows) {
          expect(ahead).toContain(row.doc); // never before the others (registered first here)
          behind.push(row.doc);
        }
      },
    };
    const consumers = () => [last, recording('ahead', ahead, { fail: () => fail })];
    await (await following(consumers())).close();
    const names = await commitChats(2);
    const follower = await following(consumers());
    await expect(follower.settled('ahead')).rejects.toThrow('receiver down');
    await expect(follower.settled('last')).rejects.toThrow('held back behind ahead');
    expect(behind).toEqual([]);
    fail = false;
    await follower.settled();
    expect(ahead).toEqual(names);
    expect(behind).toEqual(names);
    await follower.close();
  });

  it('wakes on a commit on the bus, and retries a failed consumer on its own', async () => {
    let failures = 1;
    let handled: (doc: string) => void = () => {};
    const woken: LogConsumer = {
      name: 'woken',
      startAt: 'present',
      effects: 'idempotent',
      async handle(rows) {
        if (rows.length > 0 && failures-- > 0) throw new Error('receiver down');
        for (const row of rows) handled(row.doc);
      },
    };
    const follower = await following([woken], { batchSize: 500, delayMs: 0, retryMs: 5 });
    await follower.settled();
    const seen = new Promise<string>((resolve) => (handled = resolve));
    const [name] = await commitChats(1);
    // Nobody asks: the commit wakes the follower, the failure schedules the retry.
    expect(await seen).toBe(name);
    expect(failures).toBe(-1);
    await follower.close();
  });

  it('lets commits that keep coming share a pass: the next starts minIntervalMs after the last', async () => {
    const passes: string[][] = [];
    let passed: () => void = () => {};
    const batched: LogConsumer = {
      name: 'batched',
      startAt: 'present',
      effects: 'idempotent',
      async handle(rows) {
        if (rows.length === 0) return;
        passes.push(rows.map((r) => r.doc));
        passed();
      },
    };
    const options = { batchSize: 500, delayMs: 0, retryMs: 1e9, minIntervalMs: 1000 };
    const follower = await following([batched], options);
    await follower.settled();
    const pass = () => new Promise<void>((resolve) => (passed = resolve));
    let next = pass();
    const first = await commitChats(1);
    await next; // the first commit after a quiet spell is read at once (delayMs)
    next = pass();
    const more = await commitChats(3); // well within the second: one pass for the three
    await next;
    expect(passes).toEqual([first, more]);
    await follower.close();
  });
});
