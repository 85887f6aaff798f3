import type { MessageRow, SoukDb } from '../db.ts';
import { indexChanges } from '../search/search-index.ts';

/**
 * Writes a conversation's projected message rows over the stored ones, changing only what
 * differs, and (`index`) the search index with them. Call inside a transaction over `messages`
 * and `search`; `before` sees the stored rows first (to carry what the projection cannot know).
 */
export async function writeRows(
  db: SoukDb,
  doc: string,
  rows: readonly MessageRow[],
  { index, before }: { index: boolean; before?: (stored: MessageRow[]) => void },
): Promise<void> {
  const stored = await db.messages.where('doc').equals(doc).toArray();
  before?.(stored);
  const { put, gone } = rowChanges(stored, rows);
  if (gone.length > 0) await db.messages.bulkDelete(gone);
  if (put.length > 0) await db.messages.bulkPut(put);
  if (index) await indexChanges(db, put, gone);
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
