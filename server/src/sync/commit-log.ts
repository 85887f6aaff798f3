/**
 * The commit log: every accepted update becomes one row of `doc_updates` with the next sequence
 * number, in the transaction that validated it. Sequence numbers come from a one-row counter
 * locked inside that transaction, so sequence order is commit order and a cursor never skips a
 * row that commits later.
 *
 * Group commit: the updates of different documents that wait together (a BatchQueue) are
 * validated and stored in one transaction — one counter update and one insert for all of them.
 * The document store keeps at most one update per document in flight (its queue). With
 * PostgreSQL and several processes, a transaction-scoped advisory lock per document extends that
 * to all processes, and each cached copy is first brought up to date with what others committed.
 */
import * as Y from 'yjs';
import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import {
  platformActor,
  validateUpdate,
  type Actor,
  type DocName,
  type MediaLookup,
  type Reason,
} from '@souk/sync';
import type { Database, Db } from '../db/open.ts';
import { docClients, docMembers, docUpdates } from '../db/schema.ts';
import { rowsOf } from '../export/format.ts';
import type { Clock } from '../clock.ts';
import { BatchQueue } from '../db/batch-queue.ts';
import { EpochIndex, type Prepared } from './epoch-index.ts';
import { bindClient, naturalMembers, type Loaded, type Tx } from './doc-storage.ts';
import type { ReceiveStamp } from '../submit/receive-times.ts';

/** Identities made members of `doc` in the commit's transaction (the platform's writes only). */
export interface MemberGrant {
  doc: string;
  ids: string[];
}

export interface CommitJob {
  name: string;
  parsed: DocName;
  entry: Loaded;
  update: Uint8Array;
  actor: Actor;
  members: MemberGrant | undefined;
  /** Built by the server (its own client id): outside the identity's client-id allowance. */
  serverBuilt: boolean;
  /** A conversation's documents its rules need (the rules reach across epochs). */
  conversation?: ConversationJob;
  /** Records the receive time of the update's new messages in the same commit. */
  stamp?: ReceiveStamp;
  /** Whose each media id the update names is (the validator's media rule). */
  media?: MediaLookup;
  /** Run in the commit's transaction if the update is stored (a broadcast records its send). */
  alsoCommit?: AlsoCommit;
}

/** More writes that must commit with the update, or not at all. */
export type AlsoCommit = (tx: Tx) => Promise<void>;

/**
 * A conversation's documents by epoch (sparse: head, the written and the current epoch, and those
 * the epoch index adds); `extend` loads the three, `add` another (conversation-job.ts).
 */
export interface ConversationJob {
  docs: Array<{ name: string; entry: Loaded } | undefined>;
  extend(db: Db | Tx): Promise<void>;
  /** `added`: it was not among the documents yet (so it is not refreshed yet either). */
  add(epoch: number, db: Db | Tx): Promise<{ name: string; entry: Loaded; added: boolean }>;
}

export type CommitOutcome =
  /** `update`: what is stored (with the server's receive times); `stamp`: those alone. */
  | {
      kind: 'stored';
      seq: number;
      newClients: number[];
      platformClients: number[];
      update: Uint8Array;
      stamp?: Uint8Array;
    }
  | { kind: 'duplicate' }
  | { kind: 'refused'; reason: Reason };

export class CommitLog {
  // One job that throws (a broadcast's recipient marked sent twice) must not take the live
  // messages of its batch down with it: their transaction is tried again, one job at a time.
  private readonly batches = new BatchQueue<CommitJob, CommitOutcome>(
    (jobs) => this.commitBatch(jobs),
    { alone: true },
  );
  private readonly epochIndex = new EpochIndex((tx, docs) => this.refresh(tx, docs));

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** Validates and, if accepted, commits the update; resolves once its transaction committed. */
  commit(job: CommitJob): Promise<CommitOutcome> {
    return this.batches.add(job);
  }

  private async commitBatch(jobs: CommitJob[]): Promise<CommitOutcome[]> {
    const indexed: Array<() => void> = [];
    const outcomes = await this.database.db.transaction(async (tx) => {
      const { docs, locks } = lockedDocs(jobs);
      await this.lockAndRefresh(tx, docs, locks);
      for (const job of jobs) await job.conversation?.extend(tx);
      // Long conversations: the left epochs that name what an update names (epoch-index.ts).
      const prepared: Array<Prepared | null> = [];
      for (const job of jobs) prepared.push(await this.epochIndex.prepare(tx, job));
      indexed.push(...prepared.flatMap((p) => (p ? [p.indexed] : [])));
      const now = this.clock.now();
      const outcomes: CommitOutcome[] = jobs.map((job) => judge(job, now));
      const grants = jobs.flatMap((job, i) =>
        outcomes[i]!.kind === 'refused' || !job.members
          ? []
          : job.members.ids.map((identityId) => ({ doc: job.members!.doc, identityId })),
      );
      if (grants.length > 0) await tx.insert(docMembers).values(grants).onConflictDoNothing();
      const stored = jobs.flatMap((job, i) => {
        const outcome = outcomes[i]!;
        return outcome.kind === 'stored' ? [{ job, outcome, late: prepared[i]?.late ?? [] }] : [];
      });
      if (stored.length === 0) return outcomes;
      const first = await this.insertRows(
        tx,
        stored.map(({ job, outcome }) => ({ ...job, update: outcome.update })),
      );
      stored.forEach(({ outcome }, i) => (outcome.seq = first + i));
      const clients = stored.flatMap(({ job, outcome }) => [
        ...outcome.newClients.map((clientId) => ({
          doc: job.name,
          clientId,
          identityId: job.actor.id,
          byServer: job.serverBuilt,
        })),
        ...outcome.platformClients.map((clientId) => ({
          doc: job.name,
          clientId,
          identityId: platformActor.id,
          byServer: true,
        })),
      ]);
      if (clients.length > 0) await tx.insert(docClients).values(clients).onConflictDoNothing();
      await this.epochIndex.storeLate(
        tx,
        stored.flatMap(({ late }) => late),
      );
      for (const { job } of stored) await job.alsoCommit?.(tx);
      return outcomes;
    });
    indexed.forEach((remember) => remember()); // committed: the index holds those epochs now
    return outcomes;
  }

  /**
   * Several processes: take the documents' locks and apply what others committed meanwhile, in
   * three statements whatever their number: the locks (`locks`, by default each document's own —
   * a conversation's writes take its head's — in name order, so that two batches never wait on
   * each other in a cycle), the rows other processes committed after each copy, and the
   * client ids bound meanwhile. Nothing to do with one process (PGlite).
   */
  async lockAndRefresh(
    tx: Tx,
    docs: Array<{ name: string; entry: Loaded }>,
    locks: string[] = docs.map((d) => d.name),
  ): Promise<void> {
    if (this.database.kind !== 'postgres' || docs.length === 0) return;
    const names = [...locks].sort().map((name) => sql`${name}`);
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext(name)) FROM unnest(ARRAY[${sql.join(names, sql`, `)}]::text[]) AS name`,
    );
    await this.refresh(tx, docs);
  }

  /** Applies to each copy what other processes committed after it (nothing with PGlite). */
  private async refresh(tx: Tx, docs: Array<{ name: string; entry: Loaded }>): Promise<void> {
    if (this.database.kind !== 'postgres' || docs.length === 0) return;
    const sorted = [...docs].sort((a, b) => (a.name < b.name ? -1 : 1));
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
        entry.bytes += own.reduce((n, r) => n + r.data.length, 0);
      }
      for (const row of clients) if (row.doc === name) bindClient(entry, row);
    }
  }

  /**
   * Takes the rows' sequence numbers from the counter (its row stays locked until the commit)
   * and inserts them, in one statement; returns the first number.
   */
  private async insertRows(
    tx: Tx,
    rows: Array<{ name: string; parsed: DocName; update: Uint8Array }>,
  ): Promise<number> {
    const n = rows.length;
    const values = rows.map(
      ({ name, update }, i) =>
        sql`(${i}::int, ${name}::text, ${sql.param(update, docUpdates.data)}::bytea)`,
    );
    const inserted = await rowsOf<{ seq: number | string }>(
      tx,
      sql`WITH counter AS (
        UPDATE seq_counter SET value = value + ${n} WHERE id = 1 RETURNING value
      )
      INSERT INTO doc_updates (seq, doc, data, created_at)
      SELECT counter.value - ${n} + 1 + v.i, v.doc, v.data, ${this.clock.now()}::bigint
      FROM counter, (VALUES ${sql.join(values, sql`, `)}) AS v(i, doc, data)
      RETURNING seq`,
    );
    const natural = rows.flatMap(({ name, parsed }) =>
      naturalMembers(parsed).map((identityId) => ({ doc: name, identityId })),
    );
    if (natural.length > 0) await tx.insert(docMembers).values(natural).onConflictDoNothing();
    return Math.min(...inserted.map((row) => Number(row.seq)));
  }
}

/** The documents a batch locks and refreshes: each job's, or its conversation's loaded epochs. */
function lockedDocs(jobs: CommitJob[]): {
  docs: Array<{ name: string; entry: Loaded }>;
  locks: string[];
} {
  const byName = new Map<string, Loaded>();
  const locks = new Set<string>();
  for (const job of jobs) {
    const docs = job.conversation?.docs.filter((d) => d !== undefined) ?? [job];
    for (const { name, entry } of docs) byName.set(name, entry);
    // A conversation's writers all take its head's lock: one lock, however many epochs.
    locks.add(job.name).add(job.conversation?.docs[0]?.name ?? job.name);
  }
  return { docs: [...byName].map(([name, entry]) => ({ name, entry })), locks: [...locks] };
}

/**
 * Validates one job's update against the conversation (or document) as committed; a new message
 * gets the server's receive time, written as the platform into the same stored update.
 */
function judge(job: CommitJob, now: number): CommitOutcome {
  const { parsed, entry, update, actor, serverBuilt } = job;
  const conversation = job.conversation?.docs.map((d) => d?.entry.doc); // sparse, as loaded
  const options = {
    name: parsed,
    now,
    ownerOf: (client: number) => entry.owners.get(client),
    boundClients: (identity: string) => entry.deviceClients.get(identity) ?? 0,
    ...(conversation ? { conversation } : {}),
  };
  const media = job.media ? { media: job.media } : {};
  const verdict = validateUpdate(entry.doc, update, { ...options, ...media, actor, serverBuilt });
  if (!verdict.ok)
    return { kind: 'refused', reason: { code: verdict.reason, details: verdict.details } };
  if (verdict.changes === 0) return { kind: 'duplicate' };
  const stored = { kind: 'stored' as const, seq: 0, newClients: verdict.newClients };
  if (!job.stamp || verdict.messages.length === 0)
    return { ...stored, platformClients: [], update };
  const stamp = job.stamp(job.name, entry.doc, verdict.messages, now);
  const stamped = validateUpdate(entry.doc, stamp, {
    ...options,
    actor: platformActor,
    serverBuilt: true,
  });
  if (!stamped.ok) throw new Error(`receive times refused: ${stamped.reason}`);
  return {
    ...stored,
    platformClients: stamped.newClients,
    update: Y.mergeUpdates([update, stamp]),
    stamp,
  };
}
