/**
 * One batch of the document store's writes (write-queue.ts): updates to append and changes to
 * document rows. Changes to one row are merged: a catch-up changes each document's row several
 * times (an update stored, the server state, the pending mark), and a get and a put each through
 * Dexie cost more than the change itself.
 */
import type { DocRow, SoukDb } from '../db.ts';

type RowChange = (row: DocRow) => unknown;

export class DocWrites {
  private readonly updates: Array<{ doc: string; data: Uint8Array }> = [];
  private readonly changes = new Map<string, RowChange[]>();

  /** Appends an update to the document's log and counts it (the projector compares counts). */
  append(doc: string, data: Uint8Array): void {
    this.updates.push({ doc, data });
    this.change(doc, (row) => (row.stored = (row.stored ?? 0) + 1));
  }

  /** Changes the document's row, if it has one, after the changes asked for before. */
  change(doc: string, change: RowChange): void {
    const changes = this.changes.get(doc);
    if (changes) changes.push(change);
    else this.changes.set(doc, [change]);
  }

  /** Call inside a transaction over `updates` and `docs`. */
  async commit(db: SoukDb): Promise<void> {
    if (this.updates.length > 0) await db.updates.bulkAdd(this.updates);
    await changeDocs(db, this.changes);
  }
}

/**
 * Changes document rows (those that exist), each change in order: one read and one write for
 * them all. Call it inside a transaction over `docs`.
 */
export async function changeDocs(
  db: SoukDb,
  changes: ReadonlyMap<string, readonly RowChange[]>,
): Promise<void> {
  if (changes.size === 0) return;
  const names = [...changes.keys()];
  const rows = await db.docs.bulkGet(names);
  const changed: DocRow[] = [];
  rows.forEach((row, i) => {
    if (!row) return;
    for (const change of changes.get(names[i]!)!) change(row);
    changed.push(row);
  });
  if (changed.length > 0) await db.docs.bulkPut(changed);
}
