import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DBCore } from 'dexie';
import { openDb, type MessageRow, type SoukDb } from '../db.ts';
import { indexConversation } from './search-index.ts';
import { essentialWords, rareCap } from './search-keys.ts';
import { searchMessages } from './search-query.ts';

let dbs = 0;

/**
 * A device whose reads of the search index are counted: keys and rows returned (`read`), and
 * rows fetched by key to check words on them (`checked`).
 */
function countingDb(): { db: SoukDb; read: () => number; checked: () => number } {
  const db = openDb(`souk-search-keys-${dbs++}`);
  let read = 0;
  let checked = 0;
  db.use({
    stack: 'dbcore',
    name: 'count-search-reads',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'search') return table;
        return {
          ...table,
          query: async (req) => {
            const res = await table.query(req);
            read += res.result.length;
            return res;
          },
          getMany: async (req) => {
            read += req.keys.length;
            checked += req.keys.length;
            return table.getMany(req);
          },
        };
      },
    }),
  });
  return { db, read: () => read, checked: () => checked };
}

const size = 2500;

/**
 * One chat of `size` messages, the newest last: "hola" in all (common), "raro" in one of 100
 * (rare), "lunes" in the older half and "taller" in the newer half (both common, together only
 * in messages 5 and 7).
 */
async function seeded(db: SoukDb): Promise<void> {
  await chat(db, 'conv:a', size, (pos) => {
    const words = ['Hola'];
    if (pos % 100 === 3) words.push('raro');
    if (pos < 1200) words.push('lunes');
    if (pos >= 1200 || pos === 5 || pos === 7) words.push('taller');
    return `${words.join(' ')} ${pos}`;
  });
}

/** Stores and indexes chat `doc` of `count` messages, a minute apart, the text of each `textOf`. */
async function chat(db: SoukDb, doc: string, count: number, textOf: (pos: number) => string) {
  const rows: MessageRow[] = Array.from({ length: count }, (_, pos) => ({
    key: `${doc}|m${pos}`,
    doc,
    pos,
    id: `m${pos}`,
    author: 'u_ana',
    mine: false,
    at: 1_700_000_000_000 + pos * 60_000,
    text: textOf(pos),
    tick: null,
  }));
  await db.transaction('rw', db.messages, db.search, async () => {
    await db.messages.bulkPut(rows);
    await indexConversation(db, doc, rows);
  });
}

const positions = (hits: { row: MessageRow }[]) => hits.map((hit) => hit.row.pos);
const newestFirst = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => from - i);

describe('finding the newest matches a page at a time', () => {
  it('gives a common word newest first, one page, without reading all its entries', async () => {
    const { db, read } = countingDb();
    await seeded(db);
    const before = read();
    const first = await searchMessages(db, 'hola', 50);
    expect(positions(first.hits)).toEqual(newestFirst(size - 1, 50));
    expect(first.more).toBe(true);
    // The probe (rareCap + 1 keys) and a first walk, not the 2,500 entries of "hola".
    expect(read() - before).toBeLessThan(rareCap + 300);
    // A two-letter beginning in every message goes the same way.
    expect(positions((await searchMessages(db, 'ho', 3)).hits)).toEqual(newestFirst(size - 1, 3));
  });

  it('gives the next pages on demand, with no message twice or left out', async () => {
    const { db } = countingDb();
    await seeded(db);
    const seen: number[] = [];
    let page = await searchMessages(db, 'hola', 700);
    seen.push(...positions(page.hits));
    while (page.more) {
      page = await searchMessages(db, 'hola', 700, page.next);
      seen.push(...positions(page.hits));
    }
    expect(seen).toEqual(newestFirst(size - 1, size));
    expect(page.next).toBeUndefined();
  });

  it('narrows by a rare word and checks the common ones on its messages', async () => {
    const { db, read } = countingDb();
    await seeded(db);
    const before = read();
    const { hits, more } = await searchMessages(db, 'raro hol', 5);
    expect(positions(hits)).toEqual([2403, 2303, 2203, 2103, 2003]);
    expect(more).toBe(true);
    expect(read() - before).toBeLessThan(rareCap + 100);
    const next = await searchMessages(
      db,
      'RARO hola',
      30,
      (await searchMessages(db, 'raro', 23)).next,
    );
    expect(positions(next.hits)).toEqual([103, 3]);
    expect(next.more).toBe(false);
  });

  it('finds common words seldom together, even far back', async () => {
    const { db } = countingDb();
    await seeded(db);
    const { hits, more } = await searchMessages(db, 'lunes taller', 50);
    expect(positions(hits)).toEqual([7, 5]);
    expect(more).toBe(false);
    // In the other order, and paged: the same messages.
    const first = await searchMessages(db, 'taller lun', 1);
    expect(positions(first.hits)).toEqual([7]);
    const second = await searchMessages(db, 'taller lun', 1, first.next);
    expect(positions(second.hits)).toEqual([5]);
    expect(second.more).toBe(false);
  });

  it('intersects the keys of two common words seldom together, checking no rows', async () => {
    // Each in one message of eleven (common: over rareCap), together only in messages 5 and 7,
    // older than a first round of each word's newest keys goes.
    const { db, checked } = countingDb();
    await chat(db, 'conv:b', 13_200, (pos) =>
      pos === 5 || pos === 7
        ? 'alfa beta'
        : pos % 11 === 1
          ? 'alfa'
          : pos % 11 === 2
            ? 'beta'
            : 'otro',
    );
    expect(positions((await searchMessages(db, 'beta alfa', 50)).hits)).toEqual([7, 5]);
    // A word still being typed (`alf`: no such word, only longer ones), and paged.
    const first = await searchMessages(db, 'beta alf', 1);
    expect(positions(first.hits)).toEqual([7]);
    const second = await searchMessages(db, 'beta alf', 1, first.next);
    expect(positions(second.hits)).toEqual([5]);
    expect(second.more).toBe(false);
    expect(checked()).toBe(0);
  });

  it('asks only for the words no other query word begins with', () => {
    expect(essentialWords(['cafe', 'ca', 'sol'])).toEqual(['cafe', 'sol']);
    expect(essentialWords(['de', 'de'])).toEqual(['de', 'de']);
    expect(essentialWords(['pedido', '48'])).toEqual(['pedido', '48']);
  });
});
