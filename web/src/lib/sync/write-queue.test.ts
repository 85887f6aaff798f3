import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb, type SoukDb } from '../db.ts';
import { WriteQueue } from './write-queue.ts';

let dbs = 0;

/** A queue whose batches are lists of values for the meta row 'a' (the last one wins). */
function metaQueue(db: SoukDb, transactions: number[] = []) {
  return new WriteQueue<number[]>(
    () => [],
    (values) => {
      transactions.push(values.length);
      return db.transaction('rw', db.meta, async () => {
        for (const value of values) await db.meta.add({ key: `v${value}`, value });
        await db.meta.put({ key: 'a', value: values.at(-1) });
      });
    },
  );
}

describe('WriteQueue', () => {
  it('commits the writes asked for during a batch together, in order, in one transaction', async () => {
    const db = openDb(`souk-queue-${dbs++}`);
    const transactions: number[] = [];
    const queue = metaQueue(db, transactions);
    const first = queue.add((batch) => batch.push(1));
    const later = first.then(() => 'after the first');
    // Asked for while the first batch commits: the second batch, all three together.
    await Promise.resolve();
    await Promise.resolve();
    const rest = [2, 3, 4].map((value) => queue.add((batch) => batch.push(value)));
    await Promise.all([first, ...rest]);
    expect(await later).toBe('after the first');
    expect(transactions).toEqual([1, 3]);
    expect((await db.meta.get('a'))?.value).toBe(4);
  });

  it('fails every write of a failed batch, and goes on with the next', async () => {
    const db = openDb(`souk-queue-${dbs++}`);
    const queue = metaQueue(db);
    const good = queue.add((batch) => batch.push(1));
    const bad = queue.add((batch) => batch.push(1)); // the key exists: refused
    await expect(good).rejects.toThrow();
    await expect(bad).rejects.toThrow();
    expect(await db.meta.get('a')).toBeUndefined();
    await queue.add((batch) => batch.push(3));
    await queue.idle();
    expect((await db.meta.get('a'))?.value).toBe(3);
  });
});
