import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { initConversation } from '@souk/sync';
import { openDatabase, type Database } from './open.ts';
import { LogFollower } from './log-follower.ts';
import type { LogRow } from './committed-log.ts';
import { DocStore } from '../sync/doc-store.ts';
import { LocalHub } from '../sync/hub.ts';
import { participants, platformWrite } from '../sync/doc-store-fixtures.ts';

const logger = pino({ level: 'silent' });
/** Never on its own: only `flush()` reads (a process that dies before its timers fire). */
const held = { batchSize: 2, delayMs: 1e9, sweepMs: 1e9 };

let database: Database;
let store: DocStore;
const hub = new LocalHub();
let n = 0;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  store = new DocStore(database, hub, { now: () => 1 }, logger);
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

function follower(name: string, handle: (row: LogRow) => Promise<void>) {
  return new LogFollower(database.db, name, hub, handle, logger, held);
}

describe('LogFollower', () => {
  it('hands what a dead reader did not get to the next one, in order, once', async () => {
    const first = follower('test-a', async () => {});
    await first.close(); // started (cursor at the present), then died before reading
    const names = await commitChats(3);
    const seen: string[] = [];
    const next = follower('test-a', async (row) => void seen.push(row.doc));
    await next.flush();
    expect(seen).toEqual(names);
    await next.flush();
    expect(seen).toEqual(names);
    await next.close();
  });

  it('starts a new cursor at the present, not at the beginning', async () => {
    await commitChats(2);
    const seen: string[] = [];
    const fresh = follower('test-new', async (row) => void seen.push(row.doc));
    await fresh.flush();
    expect(seen).toEqual([]);
    const later = await commitChats(1);
    await fresh.flush();
    expect(seen).toEqual(later);
    await fresh.close();
  });

  it('moves the cursor only past what was handled: a failed row is read again', async () => {
    const reader = follower('test-fail', async () => {});
    await reader.flush();
    await reader.close();
    const names = await commitChats(2);
    let fail = true;
    const seen: string[] = [];
    const flaky = follower('test-fail', async (row) => {
      if (fail && row.doc === names[1]) throw new Error('receiver down');
      seen.push(row.doc);
    });
    await expect(flaky.flush()).rejects.toThrow('receiver down');
    fail = false;
    await flaky.flush();
    // The stretch is read again from its start: effects must be idempotent.
    expect(seen).toEqual([names[0], names[0], names[1]]);
    await flaky.close();
  });
});
