/**
 * The document store: loads documents on demand, checks every incoming update with the shared
 * validator, commits it, and only then applies it in memory and announces it.
 *
 * Updates of one document are handled one at a time (a promise chain per document), so each is
 * validated against exactly the state it will apply to. With PostgreSQL and several processes, a
 * transaction-scoped advisory lock per document extends that to all processes, and the cached
 * copy is first brought up to date with rows other processes committed.
 * Sequence numbers come from a one-row counter locked inside the same transaction, so sequence
 * order is commit order and a cursor never skips a row that commits later.
 */
import * as Y from 'yjs';
import { and, count, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import {
  conversationParts,
  headDocName,
  parseDocName,
  validateUpdate,
  type Actor,
  type DocName,
  type Reason,
} from '@souk/sync';
import type { Database, Db } from '../db/open.ts';
import { docClients, docMembers, docSnapshots, docUpdates, seqCounter } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { CommittedUpdate, Hub } from './hub.ts';
import { BatchQueue } from '../db/batch-queue.ts';

interface Loaded {
  doc: Y.Doc;
  /** Yjs client id → identity bound to it in this document. */
  owners: Map<number, string>;
  /** The highest sequence number applied from the database. */
  seq: number;
  /** Update rows stored after the snapshot; compaction folds them into it. */
  rowsSinceSnapshot: number;
  lastUsed: number;
  /** An epoch document the conversation has rolled over to (known once asked; heads: always). */
  started?: boolean;
}

export interface DocStoreOptions {
  /** Fold a document's updates into a snapshot once it has this many rows after the last one. */
  compactAfter: number;
}

/** Identities made members of `doc` in the commit's transaction (the platform's writes only). */
export interface MemberGrant {
  doc: string;
  ids: string[];
}

export interface ApplyOptions {
  /** The socket that sent the update: the fan-out skips it. */
  origin?: object;
  /** Told once the update is committed, before it is published. */
  acknowledge?: (stateVector: Uint8Array) => void;
  members?: MemberGrant;
}

export type ApplyResult =
  /** `messages`: how many messages a conversation document holds now (0 for other kinds). */
  | { kind: 'stored'; seq: number; stateVector: Uint8Array; messages: number }
  | { kind: 'duplicate'; stateVector: Uint8Array }
  | { kind: 'refused'; reason: Reason };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface CommitJob {
  name: string;
  parsed: DocName;
  entry: Loaded;
  update: Uint8Array;
  actor: Actor;
  members: MemberGrant | undefined;
}

type CommitOutcome =
  | { kind: 'stored'; seq: number; newClients: number[] }
  | { kind: 'duplicate' }
  | { kind: 'refused'; reason: Reason };

/** The identities that receive a document's updates without opening it. */
function naturalMembers(name: DocName): string[] {
  return name.kind === 'prefs' || name.kind === 'profile' || name.kind === 'inbox' ? [name.id] : [];
}

export class DocStore {
  private readonly loaded = new Map<string, Loaded>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly membersCache = new Map<string, Set<string>>();
  private inFlight = 0;
  private readonly unsubscribe: () => void;
  private readonly commits = new BatchQueue<CommitJob, CommitOutcome>((jobs) =>
    this.commitBatch(jobs),
  );

  constructor(
    private readonly database: Database,
    private readonly hub: Hub,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DocStoreOptions = { compactAfter: 500 },
  ) {
    // Updates committed by other processes keep cached copies fresh (Yjs applies idempotently).
    this.unsubscribe = hub.subscribe((event) => {
      const entry = this.loaded.get(event.doc);
      if (entry) Y.applyUpdate(entry.doc, event.update, 'hub');
    });
  }

  private get db(): Db {
    return this.database.db;
  }

  /** Runs `task` after every earlier task of the same document. */
  private serialize<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => {});
    this.queues.set(name, settled);
    void settled.then(() => {
      if (this.queues.get(name) === settled) this.queues.delete(name);
    });
    return next;
  }

  private async load(name: string): Promise<Loaded> {
    const cached = this.loaded.get(name);
    if (cached) {
      cached.lastUsed = this.clock.now();
      return cached;
    }
    const doc = new Y.Doc({ gc: true });
    const [snapshot] = await this.db.select().from(docSnapshots).where(eq(docSnapshots.doc, name));
    let seq = 0;
    if (snapshot) {
      Y.applyUpdate(doc, snapshot.data);
      seq = snapshot.uptoSeq;
    }
    const afterSnapshot = seq;
    seq = await this.applyRowsAfter(name, doc, seq);
    const [rowCount] = await this.db
      .select({ n: count() })
      .from(docUpdates)
      .where(and(eq(docUpdates.doc, name), gt(docUpdates.seq, afterSnapshot)));
    const owners = new Map<number, string>();
    for (const row of await this.db.select().from(docClients).where(eq(docClients.doc, name))) {
      owners.set(row.clientId, row.identityId);
    }
    const entry = {
      doc,
      owners,
      seq,
      rowsSinceSnapshot: rowCount?.n ?? 0,
      lastUsed: this.clock.now(),
    };
    this.loaded.set(name, entry);
    return entry;
  }

  /** Applies the document's rows after `after` (a batch refreshes its copies itself, in its transaction). */
  private async applyRowsAfter(name: string, doc: Y.Doc, after: number): Promise<number> {
    const rows = await this.db
      .select({ seq: docUpdates.seq, data: docUpdates.data })
      .from(docUpdates)
      .where(and(eq(docUpdates.doc, name), gt(docUpdates.seq, after)))
      .orderBy(docUpdates.seq);
    if (rows.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.data)));
    return rows.at(-1)?.seq ?? after;
  }

  /**
   * Validates and commits an update (every write goes through here, server-built ones too, see
   * submit/submit.ts); applies and announces it only after the commit.
   */
  apply(
    name: string,
    update: Uint8Array,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<ApplyResult> {
    const parsed = parseDocName(name);
    if (!parsed) return Promise.resolve({ kind: 'refused', reason: { code: 'unknown_document' } });
    const { members } = options;
    if (members && actor.kind !== 'platform')
      throw new Error('only the platform grants membership');
    return this.serialize(name, async () => {
      const entry = await this.load(name);
      if (!(await this.hasStarted(name, parsed, entry)))
        return { kind: 'refused', reason: { code: 'epoch_not_started' } };
      this.inFlight++;
      try {
        const job = { name, parsed, entry, update, actor, members };
        const outcome = await this.commits.add(job);
        if (outcome.kind === 'refused') return outcome;
        members?.ids.forEach((m) => this.membersCache.get(members.doc)?.add(m));
        if (outcome.kind === 'duplicate')
          return { kind: 'duplicate', stateVector: Y.encodeStateVector(entry.doc) };
        outcome.newClients.forEach((client) => entry.owners.set(client, actor.id));
        const stateVector = this.afterCommit(name, entry, outcome.seq, update, options);
        const messages = parsed.kind === 'conv' ? conversationParts(entry.doc).messages.length : 0;
        return { kind: 'stored', seq: outcome.seq, stateVector, messages };
      } finally {
        this.inFlight--;
      }
    });
  }

  /** A copy of the document as this store holds it (a server-side write is built on one). */
  copy(name: string): Promise<Y.Doc> {
    return this.serialize(name, async () => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate((await this.load(name)).doc));
      return copy;
    });
  }

  /**
   * Whether writes may go to this document: an epoch of a conversation exists once the server
   * rolled over to it, which gave it members (`doc_members`), so nobody fills epochs ahead.
   */
  private async hasStarted(name: string, parsed: DocName, entry: Loaded): Promise<boolean> {
    if (parsed.kind !== 'conv' || parsed.epoch === 0 || entry.started) return true;
    const [row] = await this.db
      .select({ doc: docMembers.doc })
      .from(docMembers)
      .where(eq(docMembers.doc, name))
      .limit(1);
    entry.started = row !== undefined;
    return entry.started;
  }

  /**
   * Group commit: the updates of different documents that wait together are validated and
   * stored in one transaction — one sequence-counter update and one insert for all of them.
   * Each document still has at most one update in flight (its queue).
   */
  private async commitBatch(jobs: CommitJob[]): Promise<CommitOutcome[]> {
    return this.db.transaction(async (tx) => {
      await this.lockAndRefreshAll(tx, jobs);
      const outcomes: CommitOutcome[] = jobs.map(({ parsed, entry, update, actor }) => {
        const verdict = validateUpdate(entry.doc, update, {
          name: parsed,
          actor,
          now: this.clock.now(),
          ownerOf: (client) => entry.owners.get(client),
        });
        if (!verdict.ok)
          return { kind: 'refused', reason: { code: verdict.reason, details: verdict.details } };
        if (verdict.changes === 0) return { kind: 'duplicate' };
        return { kind: 'stored', seq: 0, newClients: verdict.newClients };
      });
      const grants = jobs.flatMap((job, i) =>
        outcomes[i]!.kind === 'refused' || !job.members
          ? []
          : job.members.ids.map((identityId) => ({ doc: job.members!.doc, identityId })),
      );
      if (grants.length > 0) await tx.insert(docMembers).values(grants).onConflictDoNothing();
      const stored = jobs.flatMap((job, i) => {
        const outcome = outcomes[i]!;
        return outcome.kind === 'stored' ? [{ job, outcome }] : [];
      });
      if (stored.length === 0) return outcomes;
      const first = await this.allocateSeqs(tx, stored.length);
      stored.forEach(({ outcome }, i) => (outcome.seq = first + i));
      await this.insertRows(
        tx,
        stored.map(({ job, outcome }) => ({ ...job, seq: outcome.seq })),
      );
      const clients = stored.flatMap(({ job, outcome }) =>
        outcome.newClients.map((clientId) => ({
          doc: job.name,
          clientId,
          identityId: job.actor.id,
        })),
      );
      if (clients.length > 0) await tx.insert(docClients).values(clients).onConflictDoNothing();
      return outcomes;
    });
  }

  /** Several processes: take the document's lock and apply what others committed meanwhile. */
  private lockAndRefresh(tx: Tx, name: string, entry: Loaded): Promise<void> {
    return this.lockAndRefreshAll(tx, [{ name, entry }]);
  }

  /**
   * The same for several documents at once, in three statements whatever their number: the
   * locks (in name order, so that two batches never wait on each other in a cycle), the rows
   * other processes committed after each copy, and the client ids bound meanwhile.
   */
  private async lockAndRefreshAll(
    tx: Tx,
    docs: Array<{ name: string; entry: Loaded }>,
  ): Promise<void> {
    if (this.database.kind !== 'postgres' || docs.length === 0) return;
    const sorted = [...docs].sort((a, b) => (a.name < b.name ? -1 : 1));
    const names = sorted.map((d) => sql`${d.name}`);
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext(name)) FROM unnest(ARRAY[${sql.join(names, sql`, `)}]::text[]) AS name`,
    );
    const rows = await tx
      .select({ doc: docUpdates.doc, seq: docUpdates.seq, data: docUpdates.data })
      .from(docUpdates)
      .where(
        or(...sorted.map((d) => and(eq(docUpdates.doc, d.name), gt(docUpdates.seq, d.entry.seq)))),
      )
      .orderBy(docUpdates.seq);
    const clients = await tx
      .select()
      .from(docClients)
      .where(
        inArray(
          docClients.doc,
          sorted.map((d) => d.name),
        ),
      );
    for (const { name, entry } of sorted) {
      const own = rows.filter((r) => r.doc === name);
      if (own.length > 0) {
        Y.applyUpdate(entry.doc, Y.mergeUpdates(own.map((r) => r.data)));
        entry.seq = own.at(-1)!.seq;
      }
      for (const row of clients)
        if (row.doc === name) entry.owners.set(row.clientId, row.identityId);
    }
  }

  /** Takes `n` sequence numbers (the counter's row stays locked until the commit); the first. */
  private async allocateSeqs(tx: Tx, n: number): Promise<number> {
    const [counter] = await tx
      .update(seqCounter)
      .set({ value: sql`${seqCounter.value} + ${n}` })
      .where(eq(seqCounter.id, 1))
      .returning({ value: seqCounter.value });
    return counter!.value - n + 1;
  }

  private async insertRows(
    tx: Tx,
    rows: Array<{ seq: number; name: string; parsed: DocName; update: Uint8Array }>,
  ): Promise<void> {
    const createdAt = this.clock.now();
    await tx
      .insert(docUpdates)
      .values(rows.map(({ seq, name, update }) => ({ seq, doc: name, data: update, createdAt })));
    const natural = rows.flatMap(({ name, parsed }) =>
      naturalMembers(parsed).map((identityId) => ({ doc: name, identityId })),
    );
    if (natural.length > 0) await tx.insert(docMembers).values(natural).onConflictDoNothing();
  }

  private afterCommit(
    name: string,
    entry: Loaded,
    seq: number,
    update: Uint8Array,
    { origin, acknowledge }: ApplyOptions,
  ): Uint8Array {
    Y.applyUpdate(entry.doc, update, 'store');
    entry.seq = Math.max(entry.seq, seq);
    const stateVector = Y.encodeStateVector(entry.doc);
    acknowledge?.(stateVector);
    this.hub.publish(origin ? { doc: name, seq, update, origin } : { doc: name, seq, update });
    if (++entry.rowsSinceSnapshot >= this.options.compactAfter) {
      entry.rowsSinceSnapshot = 0;
      void this.compact(name).catch((error: unknown) =>
        this.logger.error({ err: error, doc: name }, 'compaction failed'),
      );
    }
    return stateVector;
  }

  /**
   * Folds a document's stored updates into one snapshot and deletes them, in one transaction.
   * Runs in the document's queue, so the snapshot is exactly the rows up to its sequence number.
   */
  compact(name: string): Promise<void> {
    return this.serialize(name, async () => {
      const entry = await this.load(name);
      await this.db.transaction(async (tx) => {
        await this.lockAndRefresh(tx, name, entry);
        const data = Y.encodeStateAsUpdate(entry.doc);
        await tx
          .insert(docSnapshots)
          .values({ doc: name, uptoSeq: entry.seq, data })
          .onConflictDoUpdate({ target: docSnapshots.doc, set: { uptoSeq: entry.seq, data } });
        await tx
          .delete(docUpdates)
          .where(and(eq(docUpdates.doc, name), lte(docUpdates.seq, entry.seq)));
      });
      entry.rowsSinceSnapshot = 0;
    });
  }

  /** What a device with `stateVector` lacks, and the server's own state vector. */
  async diff(
    name: string,
    stateVector: Uint8Array,
  ): Promise<{ update: Uint8Array; stateVector: Uint8Array }> {
    return this.serialize(name, async () => {
      const { doc } = await this.load(name);
      return {
        update: Y.encodeStateAsUpdate(doc, stateVector),
        stateVector: Y.encodeStateVector(doc),
      };
    });
  }

  async members(name: string): Promise<Set<string>> {
    const head = headDocName(name);
    if (head !== name) return this.members(head);
    const cached = this.membersCache.get(name);
    if (cached) return cached;
    const rows = await this.db
      .select({ id: docMembers.identityId })
      .from(docMembers)
      .where(eq(docMembers.doc, name));
    const members = new Set(rows.map((r) => r.id));
    const parsed = parseDocName(name);
    if (parsed) naturalMembers(parsed).forEach((m) => members.add(m));
    this.membersCache.set(name, members);
    return members;
  }

  /** The document as stored in the database (snapshot and rows), bypassing the memory cache. */
  readStored(name: string): Promise<Uint8Array> {
    return readStoredDoc(this.db, name);
  }

  /** The last allocated (hence committed) sequence number. */
  async currentSeq(): Promise<number> {
    const [counter] = await this.db
      .select({ value: seqCounter.value })
      .from(seqCounter)
      .where(eq(seqCounter.id, 1));
    return counter?.value ?? 0;
  }

  /**
   * Everything that changed since `cursor` in the documents this identity belongs to: one
   * merged update per document, and the new cursor. One query, whatever the number of documents.
   */
  async catchUp(
    identityId: string,
    cursor: number,
  ): Promise<{ docs: Array<{ doc: string; update: Uint8Array }>; cursor: number }> {
    // Read the committed counter first: every sequence number up to it is committed.
    const upto = await this.currentSeq();
    if (upto <= cursor) return { docs: [], cursor: upto };
    const memberDocs = this.db
      .select({ doc: docMembers.doc })
      .from(docMembers)
      .where(eq(docMembers.identityId, identityId));
    // One statement, so one snapshot of the database: a compaction committing meanwhile cannot
    // hide rows it folded (they are either still rows or already in the snapshot read).
    const parts = await this.db
      .select({ doc: docSnapshots.doc, seq: docSnapshots.uptoSeq, data: docSnapshots.data })
      .from(docSnapshots)
      .where(and(gt(docSnapshots.uptoSeq, cursor), inArray(docSnapshots.doc, memberDocs)))
      .unionAll(
        this.db
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

  /** Drops documents nobody touched for `idleMs` from memory. */
  unloadIdle(idleMs: number): number {
    const cutoff = this.clock.now() - idleMs;
    let unloaded = 0;
    for (const [name, entry] of this.loaded) {
      if (entry.lastUsed < cutoff && !this.queues.has(name)) {
        entry.doc.destroy();
        this.loaded.delete(name);
        this.membersCache.delete(name);
        unloaded++;
      }
    }
    return unloaded;
  }

  /**
   * Whether every write to the database goes through this store (PGlite: one process), so its
   * copies are as fresh as the database. With PostgreSQL another process may have written.
   */
  get soleWriter(): boolean {
    return this.database.kind === 'pglite';
  }

  /** The names of the documents in memory. */
  get loadedNames(): string[] {
    return [...this.loaded.keys()];
  }

  get loadedCount(): number {
    return this.loaded.size;
  }

  /** Resolves once no write transaction is running (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight > 0 || this.queues.size > 0) await new Promise((r) => setTimeout(r, 10));
  }

  close(): void {
    this.unsubscribe();
  }
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
async function readStoredDoc(db: Db, name: string): Promise<Uint8Array> {
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
