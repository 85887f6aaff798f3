/**
 * Document storage: how documents live in the database — a snapshot (`doc_snapshots`, what
 * compaction folded) plus the update rows after it (`doc_updates`), the client ids bound in each
 * (`doc_clients`) and who receives it (`doc_members`) — and the reads over them: loading one,
 * catching an identity up, reading what was stored. Writes are the commit log's
 * (commit-log.ts), except compaction's snapshot here.
 */
import * as Y from 'yjs';
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { DocName } from '@souk/sync';
import type { Db } from '../db/open.ts';
import {
  conversations,
  docClients,
  docMembers,
  docSnapshots,
  docUpdates,
  seqCounter,
} from '../db/schema.ts';
import type { CommittedUpdate } from './hub.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A document in memory, as far as the database has it (`seq`). */
export interface Loaded {
  doc: Y.Doc;
  /** Yjs client id → identity bound to it in this document. */
  owners: Map<number, string>;
  /** Identity → how many client ids its devices bound here (limits.maxClientsPerIdentity). */
  deviceClients: Map<string, number>;
  /** The highest sequence number applied from the database. */
  seq: number;
  /** About how many bytes the document holds: its size at load plus each update since. */
  bytes: number;
  /** Update rows stored after the snapshot; compaction folds them into it. */
  rowsSinceSnapshot: number;
  lastUsed: number;
  /** An epoch document the conversation has rolled over to (known once asked; heads: always). */
  started?: boolean;
}

/** The identities that receive a document's updates without opening it. */
export function naturalMembers(name: DocName): string[] {
  return name.kind === 'prefs' ||
    name.kind === 'profile' ||
    name.kind === 'person' ||
    name.kind === 'inbox'
    ? [name.id]
    : [];
}

/** A document from its snapshot and the rows after it, with its bound client ids. */
export async function loadDoc(db: Db, name: string, now: number): Promise<Loaded> {
  const doc = new Y.Doc({ gc: true, guid: name }); // a guid of its own would draw 31 random numbers
  const [snapshot] = await db.select().from(docSnapshots).where(eq(docSnapshots.doc, name));
  const afterSnapshot = snapshot?.uptoSeq ?? 0;
  if (snapshot) Y.applyUpdate(doc, snapshot.data);
  const rows = await db
    .select({ seq: docUpdates.seq, data: docUpdates.data })
    .from(docUpdates)
    .where(and(eq(docUpdates.doc, name), gt(docUpdates.seq, afterSnapshot)))
    .orderBy(docUpdates.seq);
  if (rows.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.data)));
  const bytes = snapshot || rows.length > 0 ? Y.encodeStateAsUpdate(doc).length : 0;
  const owners = new Map<number, string>();
  const deviceClients = new Map<string, number>();
  for (const row of await db.select().from(docClients).where(eq(docClients.doc, name)))
    bindClient({ owners, deviceClients }, row);
  return {
    doc,
    owners,
    deviceClients,
    seq: rows.at(-1)?.seq ?? afterSnapshot,
    bytes,
    rowsSinceSnapshot: rows.length,
    lastUsed: now,
  };
}

/** Records a bound client id in a loaded document (once per id). */
export function bindClient(
  entry: Pick<Loaded, 'owners' | 'deviceClients'>,
  row: { clientId: number; identityId: string; byServer: boolean },
): void {
  if (entry.owners.has(row.clientId)) return;
  entry.owners.set(row.clientId, row.identityId);
  if (!row.byServer)
    entry.deviceClients.set(row.identityId, (entry.deviceClients.get(row.identityId) ?? 0) + 1);
}

/** Compaction's write: the document up to `seq` becomes the snapshot, its rows go. */
export async function replaceWithSnapshot(
  tx: Tx,
  name: string,
  seq: number,
  data: Uint8Array,
): Promise<void> {
  await tx
    .insert(docSnapshots)
    .values({ doc: name, uptoSeq: seq, data })
    .onConflictDoUpdate({ target: docSnapshots.doc, set: { uptoSeq: seq, data } });
  await tx.delete(docUpdates).where(and(eq(docUpdates.doc, name), lte(docUpdates.seq, seq)));
}

/** Who a document's updates go to: its member rows and its natural members. */
export async function readMembers(
  db: Db,
  name: string,
  parsed: DocName | null,
): Promise<Set<string>> {
  const rows = await db
    .select({ id: docMembers.identityId })
    .from(docMembers)
    .where(eq(docMembers.doc, name));
  const members = new Set(rows.map((r) => r.id));
  if (parsed) naturalMembers(parsed).forEach((m) => members.add(m));
  return members;
}

/** The last allocated (hence committed) sequence number. */
export async function currentSeq(db: Db): Promise<number> {
  const [counter] = await db
    .select({ value: seqCounter.value })
    .from(seqCounter)
    .where(eq(seqCounter.id, 1));
  return counter?.value ?? 0;
}

/**
 * Everything that changed since `cursor` in the documents this identity belongs to: one merged
 * update per document, and the new cursor. One query, whatever the number of documents.
 */
export async function catchUp(
  db: Db,
  identityId: string,
  cursor: number,
): Promise<{ docs: Array<{ doc: string; update: Uint8Array }>; cursor: number }> {
  // Read the committed counter first: every sequence number up to it is committed.
  const upto = await currentSeq(db);
  if (upto <= cursor) return { docs: [], cursor: upto };
  const memberDocs = db
    .select({ doc: docMembers.doc })
    .from(docMembers)
    .where(eq(docMembers.identityId, identityId));
  // One statement, so one snapshot of the database: a compaction committing meanwhile cannot
  // hide rows it folded (they are either still rows or already in the snapshot read).
  const parts = await db
    .select({ doc: docSnapshots.doc, seq: docSnapshots.uptoSeq, data: docSnapshots.data })
    .from(docSnapshots)
    .where(and(gt(docSnapshots.uptoSeq, cursor), inArray(docSnapshots.doc, memberDocs)))
    .unionAll(
      db
        .select({ doc: docUpdates.doc, seq: docUpdates.seq, data: docUpdates.data })
        .from(docUpdates)
        .where(
          and(
            gt(docUpdates.seq, cursor),
            sql`${docUpdates.seq} <= ${upto}`,
            inArray(docUpdates.doc, memberDocs),
          ),
        ),
    );
  const byDoc = new Map<string, Uint8Array[]>();
  for (const row of parts.sort((a, b) => Number(a.seq) - Number(b.seq))) {
    const list = byDoc.get(row.doc) ?? [];
    list.push(row.data);
    byDoc.set(row.doc, list);
  }
  return {
    docs: [...byDoc].map(([doc, updates]) => ({ doc, update: Y.mergeUpdates(updates) })),
    cursor: upto,
  };
}

/**
 * Reads one committed update (for notifications from other processes). A row compaction folded
 * already is stood for by the document's whole stored state, which contains it.
 */
export async function readUpdate(db: Db, seq: number, doc: string): Promise<CommittedUpdate> {
  const [row] = await db.select().from(docUpdates).where(eq(docUpdates.seq, seq));
  if (row) return { doc: row.doc, seq: row.seq, update: row.data };
  return { doc, seq, update: await readStoredDoc(db, doc) };
}

/** A document as stored (snapshot and rows), in one statement: a compaction committing meanwhile cannot hide the rows it folds. */
export async function readStoredDoc(db: Db, name: string): Promise<Uint8Array> {
  const parts = await db
    .select({ seq: docSnapshots.uptoSeq, data: docSnapshots.data })
    .from(docSnapshots)
    .where(eq(docSnapshots.doc, name))
    .unionAll(
      db
        .select({ seq: docUpdates.seq, data: docUpdates.data })
        .from(docUpdates)
        .where(eq(docUpdates.doc, name)),
    );
  return parts.length > 0
    ? Y.mergeUpdates(parts.sort((a, b) => Number(a.seq) - Number(b.seq)).map((p) => p.data))
    : Y.encodeStateAsUpdate(new Y.Doc());
}

/** Whether the two identities have a conversation (a pair has at most one). */
export async function haveConversation(db: Db, a: string, b: string): Promise<boolean> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.pairKey, [a, b].sort().join('+')));
  return row !== undefined;
}
