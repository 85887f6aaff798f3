import type { MessageRow, SoukDb } from '../db.ts';
import { indexChanges } from '../search/search-index.ts';

/** A conversation's projected message rows, to write over its stored ones. */
export interface ConversationRows {
  doc: string;
  rows: readonly MessageRow[];
  /** Sees the stored rows first (to carry what the projection cannot know). */
  before?: (stored: MessageRow[]) => void;
}

/**
 * Writes conversations' projected message rows over the stored ones, changing only what differs,
 * and (`index`) the search index with them: one read, one delete and one put for them all, not
 * per conversation (a catch-up writes hundreds at once, and Dexie also notes each key of a write
 * of fewer than 50 rows for its live queries). Call inside a transaction over `messages` and
 * `search`.
 */
export async function writeRows(
  db: SoukDb,
  conversations: readonly ConversationRows[],
  { index }: { index: boolean },
): Promise<void> {
  if (conversations.length === 0) return;
  const stored = new Map<string, MessageRow[]>();
  const docs = conversations.map(({ doc }) => doc);
  for (const row of await db.messages.where('doc').anyOf(docs).toArray()) {
    const rows = stored.get(row.doc);
    if (rows) rows.push(row);
    else stored.set(row.doc, [row]);
  }
  const put: MessageRow[] = [];
  const gone: string[] = [];
  const storedKeys = new Set<string>();
  for (const { doc, rows, before } of conversations) {
    const old = stored.get(doc) ?? [];
    before?.(old);
    for (const row of old) storedKeys.add(row.key);
    const changes = rowChanges(old, rows);
    put.push(...changes.put);
    gone.push(...changes.gone);
  }
  if (gone.length > 0) await db.messages.bulkDelete(gone);
  if (put.length > 0) await db.messages.bulkPut(put);
  // Only a stored message can have been indexed: a new one needs no look-up of its old entry.
  if (index) await indexChanges(db, put, gone, storedKeys);
}

/**
 * What a projection changes: the rows that differ from those stored and the keys of those gone.
 * A new message in a long chat then writes one row, not the whole chat again, and a projection
 * that changes nothing (an acknowledgement of a receipt) writes nothing, so no screen redraws.
 */
export function rowChanges<R extends { key: string }>(
  stored: readonly R[],
  rows: readonly R[],
): { put: R[]; gone: string[] } {
  const before = new Map(stored.map((row) => [row.key, row]));
  const put: R[] = [];
  for (const row of rows) {
    const old = before.get(row.key);
    before.delete(row.key);
    if (!old || !sameRow(old, row)) put.push(row);
  }
  return { put, gone: [...before.keys()] };
}

/** Rows are plain data from one projection function: equal when they serialise alike. */
export function sameRow(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
