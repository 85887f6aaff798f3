/**
 * The device's search index: one row per message with its folded words (a multi-entry index),
 * so a query reads the messages whose words begin with its longest word, never every message.
 *
 * The projector calls `indexChanges` in the same transaction that writes a conversation's changed
 * message rows, so the index always says what the rows say: a new message is indexed, an edited
 * one (its text changed) indexed again, a deleted one (a stub with no text) or a hidden one (no
 * longer among the rows) taken out. `reindexMessage` and `unindexMessages` do the same for one
 * message, for code that changes a row outside a projection. `backfillSearch` indexes the messages
 * stored before the index existed, once.
 */
import { summarize } from '@souk/sync';
import type { MessageRow, SearchRow, SoukDb } from '../db.ts';
import { textHash, words } from './words.ts';

/** What search reads of a message: its text or caption, a document's or contact's name. */
export function indexedText(row: MessageRow): string {
  if (row.system) return '';
  if (row.everyday) {
    const { label } = summarize(row.everyday);
    const caption = 'caption' in row.everyday ? row.everyday.caption : undefined;
    return [label, caption].filter(Boolean).join(' ');
  }
  return row.text;
}

/** A search row's key: the time first (zero-padded, so keys sort by time), then the message. */
export function searchKey(row: Pick<MessageRow, 'at' | 'key'>): string {
  return `${String(Math.max(0, Math.floor(row.at))).padStart(15, '0')}|${row.key}`;
}

function searchRow(row: MessageRow, text: string): SearchRow {
  return { k: searchKey(row), m: row.key, doc: row.doc, h: textHash(text), w: words(text) };
}

/**
 * Brings the index of conversation `doc` in line with its message rows (all of them): rows whose
 * text changed are indexed again, rows gone are dropped. Call it inside a transaction over
 * `messages` and `search` that writes those rows.
 */
export async function indexConversation(
  db: SoukDb,
  doc: string,
  rows: readonly MessageRow[],
): Promise<void> {
  const indexed = await db.search.where('doc').equals(doc).toArray();
  const kept = new Set(rows.map((row) => row.key));
  const gone = indexed.filter((row) => !kept.has(row.m)).map((row) => row.m);
  await applyIndex(db, indexed, rows, gone);
}

/**
 * Indexes what a projection changed: the message rows it wrote (`put`) and the keys of those it
 * took out (`gone`); the rest of the conversation's index stays as it is, unread.
 */
export async function indexChanges(
  db: SoukDb,
  put: readonly MessageRow[],
  gone: readonly string[],
  /** The messages that were stored before: only those can have an entry already. */
  stored: ReadonlySet<string>,
): Promise<void> {
  if (put.length === 0 && gone.length === 0) return;
  const changed = put.map((row) => row.key).filter((key) => stored.has(key));
  const keys = [...changed, ...gone];
  const current = keys.length > 0 ? await db.search.where('m').anyOf(keys).toArray() : [];
  await applyIndex(db, current, put, gone);
}

async function applyIndex(
  db: SoukDb,
  current: readonly SearchRow[],
  rows: readonly MessageRow[],
  gone: readonly string[],
): Promise<void> {
  const indexed = new Map(current.map((row) => [row.m, row]));
  const put: SearchRow[] = [];
  const drop: string[] = [];
  for (const row of rows) {
    const old = indexed.get(row.key);
    const text = indexedText(row);
    if (old && old.k === searchKey(row) && old.h === textHash(text)) continue;
    if (old) drop.push(old.k);
    const fresh = searchRow(row, text);
    if (fresh.w.length > 0) put.push(fresh);
  }
  for (const key of gone) {
    const old = indexed.get(key);
    if (old) drop.push(old.k);
  }
  if (drop.length > 0) await db.search.bulkDelete(drop);
  if (put.length > 0) await db.search.bulkPut(put);
}

/** Indexes one message row again (after an edit or a delete changed it outside a projection). */
export async function reindexMessage(db: SoukDb, row: MessageRow): Promise<void> {
  await db.transaction('rw', db.search, async () => {
    await unindexMessages(db, [row.key]);
    const fresh = searchRow(row, indexedText(row));
    if (fresh.w.length > 0) await db.search.put(fresh);
  });
}

/** Takes messages (by their row keys) out of the index. */
export async function unindexMessages(db: SoukDb, keys: readonly string[]): Promise<void> {
  await db.search.where('m').anyOf(keys).delete();
}

const backfilled = 'search-index';

/**
 * Indexes the messages already on the device, one conversation per transaction, once per device
 * (a meta row remembers it). Safe beside projections: both bring a conversation's index in line
 * with its rows, and IndexedDB runs their transactions one after the other.
 */
export async function backfillSearch(db: SoukDb): Promise<void> {
  if ((await db.meta.get(backfilled))?.value === 1) return;
  const docs = await db.messages.orderBy('doc').uniqueKeys();
  for (const doc of docs as string[])
    await db.transaction('rw', db.messages, db.search, async () => {
      await indexConversation(db, doc, await db.messages.where('doc').equals(doc).toArray());
    });
  await db.meta.put({ key: backfilled, value: 1 });
}
