/**
 * The epoch index: for each epoch a conversation has left (1 … current − 1; epoch 0 is the head,
 * always loaded), the message ids it names (sync/src/docs/named-messages.ts), in `epoch_names`.
 * With it a write into a long conversation loads the head, the epoch written to, the current
 * epoch, and only those left epochs that name a message the update names — so accepting a message
 * costs the same after a million messages as after ten, and every rule still sees every document
 * that could change its answer (a new id is in no epoch, a tombstone, reply, reaction or edit
 * finds its message, that message's tombstones and edits wherever they are).
 *
 * An epoch is indexed whole, in the commit's transaction, by the first write after the
 * conversation left it (and so, once, the epochs left before this index existed); a late write
 * into a left epoch adds what it names in its own commit. Rows are only ever added, so the index
 * may name more than the rules need (a message purged since: an epoch loads for nothing), never
 * less. Writes to a conversation hold its head's lock on PostgreSQL (commit-log.ts), so two
 * processes never index or extend one conversation's index at once; epochs loaded here are
 * brought up to date with other processes' commits like the others.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { namedByWrites, namedInDoc, readEpoch, writesOf } from '@souk/sync';
import { epochNames } from '../db/schema.ts';
import type { CommitJob } from './commit-log.ts';
import type { Loaded, Tx } from './doc-storage.ts';

type Row = typeof epochNames.$inferInsert;
type Refresh = (tx: Tx, docs: Array<{ name: string; entry: Loaded }>) => Promise<void>;

/** What one job needs after its judgement: rows if it is stored, and what to remember once committed. */
export interface Prepared {
  /** A late write's names, into the left epoch it writes to (stored with it, or not at all). */
  late: Row[];
  indexed(): void;
}

const rowsPerInsert = 5000;
const maxRemembered = 100_000;

export class EpochIndex {
  /** Head → every left epoch up to this one is indexed (a floor: another process may know more). */
  private readonly indexedUpTo = new Map<string, number>();

  constructor(private readonly refresh: Refresh) {}

  /**
   * In the commit's transaction, after the locks and `extend`, before the job is judged: indexes
   * the epochs left since, and adds to the job's documents the left epochs naming what it names.
   */
  async prepare(tx: Tx, job: CommitJob): Promise<Prepared | null> {
    const conversation = job.conversation;
    const head = conversation?.docs[0];
    if (!conversation || !head) return null;
    const lastLeft = readEpoch(head.entry.doc) - 1;
    if (lastLeft < 1) return null; // the head and the current epoch are loaded: nothing is left out
    const named = namedByWrites(
      (writesOf(job.entry.doc, job.update) ?? []).filter((w) => namingRoots.has(w.root)),
    );
    let upTo = this.indexedUpTo.get(head.name) ?? 0;
    // Once per conversation and process, and after each roll-over: how far the index reaches.
    if (upTo < lastLeft) upTo = Math.max(upTo, await indexedUpTo(tx, head.name));
    const hits = named.length > 0 ? await epochsNaming(tx, head.name, named) : [];
    const unindexed = range(upTo + 1, lastLeft);
    const loaded = [];
    for (const epoch of [...unindexed, ...hits]) loaded.push(await conversation.add(epoch, tx));
    await this.refresh(
      tx,
      loaded.filter((d) => d.added),
    );
    const rows = unindexed.flatMap((epoch) => [
      { head: head.name, key: '', epoch },
      ...[...namedInDoc(conversation.docs[epoch]!.entry.doc)].map((key) => ({
        head: head.name,
        key,
        epoch,
      })),
    ]);
    await insertRows(tx, rows);
    const { epoch } = job.parsed;
    const late = epoch >= 1 && epoch <= lastLeft;
    return {
      late: late ? named.map((key) => ({ head: head.name, key, epoch })) : [],
      indexed: () => {
        if (this.indexedUpTo.size >= maxRemembered) this.indexedUpTo.clear(); // asked again, once
        this.indexedUpTo.set(head.name, Math.max(lastLeft, this.indexedUpTo.get(head.name) ?? 0));
      },
    };
  }

  /** The late writes' names, in the transaction that stores them. */
  storeLate(tx: Tx, rows: Row[]): Promise<void> {
    return insertRows(tx, rows);
  }
}

/** The roots whose entries name messages (a receipt's or the meta's keys never do). */
const namingRoots = new Set(['messages', 'deleted', 'received', 'reactions', 'edits']);

/** The left epochs that name any of `named` (one statement, on the primary key). */
async function epochsNaming(tx: Tx, head: string, named: string[]): Promise<number[]> {
  const rows = await tx
    .selectDistinct({ epoch: epochNames.epoch })
    .from(epochNames)
    .where(and(eq(epochNames.head, head), inArray(epochNames.key, named)));
  return rows.map((r) => r.epoch);
}

/** The last epoch indexed whole (the '' rows mark them; epochs are indexed in order). */
async function indexedUpTo(tx: Tx, head: string): Promise<number> {
  const [row] = await tx
    .select({ epoch: sql<number>`coalesce(max(${epochNames.epoch}), 0)` })
    .from(epochNames)
    .where(and(eq(epochNames.head, head), eq(epochNames.key, '')));
  return Number(row?.epoch ?? 0);
}

async function insertRows(tx: Tx, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerInsert)
    await tx
      .insert(epochNames)
      .values(rows.slice(i, i + rowsPerInsert))
      .onConflictDoNothing();
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
