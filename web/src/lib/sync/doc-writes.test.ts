import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import { DocWrites } from './doc-writes.ts';

let dbs = 0;

describe('DocWrites', () => {
  it('appends updates in order and changes each row once, its changes in order', async () => {
    const db = openDb(`souk-doc-writes-${dbs++}`);
    await db.docs.bulkPut([
      { name: 'conv:a', pending: 0 },
      { name: 'conv:b', pending: 0, stored: 4 },
    ]);
    const batch = new DocWrites();
    batch.append('conv:a', new Uint8Array([1]));
    batch.change('conv:a', (row) => (row.pending = 1));
    batch.append('conv:b', new Uint8Array([2]));
    batch.append('conv:a', new Uint8Array([3]));
    batch.change('conv:a', (row) => (row.pending = 0));
    batch.change('conv:gone', (row) => (row.pending = 1)); // no row: nothing written
    await db.transaction('rw', db.updates, db.docs, () => batch.commit(db));
    const updates = await db.updates.orderBy('id').toArray();
    expect(updates.map((u) => [u.doc, [...u.data]])).toEqual([
      ['conv:a', [1]],
      ['conv:b', [2]],
      ['conv:a', [3]],
    ]);
    expect(await db.docs.get('conv:a')).toMatchObject({ stored: 2, pending: 0 });
    expect(await db.docs.get('conv:b')).toMatchObject({ stored: 5 });
    expect(await db.docs.get('conv:gone')).toBeUndefined();
  });
});
