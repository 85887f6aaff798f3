/**
 * The committed log: `doc_updates` in sequence order is every change the server accepted, and
 * the readers that derive something from it (statistics, webhook events) read it in stretches
 * behind a cursor of their own. Compaction may fold rows into a document's snapshot before a
 * reader got to them; the snapshot then stands in their place, at its sequence number, with
 * `createdAt` 0 (so readers can tell it apart and make their effects idempotent).
 */
import { and, gt, like, lte, or, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from './open.ts';
import { docSnapshots, docUpdates } from './schema.ts';

export interface LogRow {
  seq: number;
  doc: string;
  data: Uint8Array;
  /** When the update was committed; 0 for a snapshot standing for compacted rows. */
  createdAt: number;
}

type Executor = Pick<Db, 'select'>;

/** Only conversations and preferences carry what the readers derive. */
const derived = (doc: AnyColumn) => or(like(doc, 'conv:%'), like(doc, 'prefs:%'));

/** The rows in (from, upto] of conversations and preferences, and the snapshots standing for folded ones: one statement. */
export async function readCommittedLog(
  db: Executor,
  from: number,
  upto: number,
): Promise<LogRow[]> {
  const rows = await db
    .select({
      seq: docUpdates.seq,
      doc: docUpdates.doc,
      data: docUpdates.data,
      createdAt: docUpdates.createdAt,
    })
    .from(docUpdates)
    .where(and(gt(docUpdates.seq, from), lte(docUpdates.seq, upto), derived(docUpdates.doc)))
    .unionAll(
      db
        .select({
          seq: docSnapshots.uptoSeq,
          doc: docSnapshots.doc,
          data: docSnapshots.data,
          createdAt: sql<number>`0::bigint`.as('created_at'),
        })
        .from(docSnapshots)
        .where(
          and(
            gt(docSnapshots.uptoSeq, from),
            lte(docSnapshots.uptoSeq, upto),
            derived(docSnapshots.doc),
          ),
        ),
    );
  return rows
    .map((r) => ({ ...r, seq: Number(r.seq), createdAt: Number(r.createdAt) }))
    .sort((a, b) => a.seq - b.seq || a.createdAt - b.createdAt);
}
