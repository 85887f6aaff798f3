import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import { WriteQueue } from './write-queue.ts';

let dbs = 0;

describe('WriteQueue', () => {
  it('commits the writes asked for during a batch together, in order, in one transaction', async () => {
    const db = openDb(`souk-queue-${dbs++}`);
    const transactions: number[] = [];
    const queue = new WriteQueue(async (body) => {
      transactions.push(0);
      await db.transaction('rw', db.meta, body);
    });
    const first = queue.add(() => db.meta.put({ key: 'a', value: 1 }));
    const later = first.then(() => 'after the first');
    // Asked for while the first batch commits: the second batch, all three together.
    await Promise.resolve();
    await Promise.resolve();
    const rest = [2, 3, 4].map((value) => queue.add(() => db.meta.put({ key: 'a', value })));
    await Promise.all([first, ...rest]);
    expect(await later).toBe('after the first');
    expect(transactions.length).toBe(2);
    expect((await db.meta.get('a'))?.value).toBe(4);
  });

  it('fails every write of a failed batch, and goes on with the next', async () => {
    const db = openDb(`souk-queue-${dbs++}`);
    const queue = new WriteQueue((body) => db.transaction('rw', db.meta, body));
    const good = queue.add(() => db.meta.put({ key: 'b', value: 1 }));
    const bad = queue.add(() => db.meta.add({ key: 'b', value: 2 })); // the key exists: refused
    await expect(good).rejects.toThrow();
    await expect(bad).rejects.toThrow();
    expect(await db.meta.get('b')).toBeUndefined();
    await queue.add(() => db.meta.put({ key: 'b', value: 3 }));
    await queue.idle();
    expect((await db.meta.get('b'))?.value).toBe(3);
  });
});
