/**
 * Each person's preferences document as committed, kept between consent checks. The rules run
 * for every message and read both people's choices, which change seldom: building a copy of two
 * documents per check (each new Y.Doc also drawing random numbers for its guid) was one of the
 * largest shares of the server's CPU per message.
 *
 * A change is seen by the very next check, whichever process committed it:
 * - one process (PGlite): every commit reaches the bus synchronously right after it committed, so
 *   the copy here is dropped before anything else runs (a read under way when one lands keeps its
 *   answer but not its copies); copies missing are read from the database together;
 * - several processes (PostgreSQL): the bus from other processes lags, so every read asks the
 *   database for what was committed after the copy — one statement for all the documents read
 *   together, no rows when nothing changed — and applies it. Sequence order is commit order
 *   (sync/commit-log.ts), so nothing committed later carries a lower number; a snapshot that
 *   compaction wrote stands for the rows it folded.
 * The documents handed out are shared: read them, never change them.
 */
import * as Y from 'yjs';
import { and, eq, gt, or, type AnyColumn } from 'drizzle-orm';
import { docName } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { docSnapshots, docUpdates } from '../db/schema.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Hub } from '../sync/hub.ts';

const maxCopies = 50_000;

interface Copy {
  doc: Y.Doc;
  /** The highest sequence number applied (PostgreSQL). */
  seq: number;
}

export class PreferenceCopies {
  private readonly copies = new Map<string, Copy>();
  /** Preferences commits seen (one process): a read that overlapped one is not kept. */
  private commits = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
    hub: Hub,
  ) {
    this.unsubscribe = hub.subscribe((event) => {
      if (!event.doc.startsWith('prefs:') || !this.store.soleWriter) return;
      this.commits++;
      this.copies.delete(event.doc.slice('prefs:'.length));
    });
  }

  /** The documents of these people (distinct ids), in the same order. */
  async read(ids: string[]): Promise<Y.Doc[]> {
    if (!this.store.soleWriter) {
      const read = await this.fromDatabase(ids);
      read.forEach((copy, i) => this.keep(ids[i]!, copy));
      return read.map((copy) => copy.doc);
    }
    // One process: a copy is good until a commit drops it; those missing are read together.
    // Taken before the read: a commit landing meanwhile may drop them from the map.
    const held = ids.map((id) => this.copies.get(id)?.doc);
    const missing = ids.filter((_, i) => held[i] === undefined);
    const before = this.commits;
    const read = missing.length > 0 ? await this.fromDatabase(missing) : [];
    if (this.commits === before) missing.forEach((id, i) => this.keep(id, read[i]!));
    let next = 0;
    return held.map((doc) => doc ?? read[next++]!.doc);
  }

  /** Each document brought up to date: its copy (if any) and the rows committed after it. */
  private async fromDatabase(ids: string[]): Promise<Copy[]> {
    const known = ids.map((id) => {
      const name = docName('prefs', id);
      return { name, copy: this.copies.get(id) ?? { doc: new Y.Doc({ guid: name }), seq: 0 } };
    });
    const newer = (doc: AnyColumn, seq: AnyColumn) =>
      or(...known.map((k) => and(eq(doc, k.name), gt(seq, k.copy.seq))));
    const rows = await this.db
      .select({ doc: docSnapshots.doc, seq: docSnapshots.uptoSeq, data: docSnapshots.data })
      .from(docSnapshots)
      .where(newer(docSnapshots.doc, docSnapshots.uptoSeq))
      .unionAll(
        this.db
          .select({ doc: docUpdates.doc, seq: docUpdates.seq, data: docUpdates.data })
          .from(docUpdates)
          .where(newer(docUpdates.doc, docUpdates.seq)),
      );
    const byDoc = new Map<string, Array<{ seq: number; data: Uint8Array }>>();
    for (const row of rows)
      byDoc.set(row.doc, [...(byDoc.get(row.doc) ?? []), { seq: Number(row.seq), data: row.data }]);
    return known.map(({ name, copy }) => {
      const parts = byDoc.get(name);
      if (parts) {
        Y.applyUpdate(copy.doc, Y.mergeUpdates(parts.map((p) => p.data)));
        copy.seq = Math.max(copy.seq, ...parts.map((p) => p.seq));
      }
      return copy;
    });
  }

  private keep(id: string, copy: Copy): void {
    if (!this.copies.has(id) && this.copies.size >= maxCopies) this.copies.clear();
    this.copies.set(id, copy);
  }

  close(): void {
    this.unsubscribe();
  }
}
