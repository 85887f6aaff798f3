/**
 * Writing a new broadcast job without holding the database. PGlite runs one statement at a time
 * for the whole process, so one transaction writing 10,000 recipients kept every live chat
 * message waiting for it (tests/bench/broadcast.ts). Instead the job row goes in first as
 * `preparing` (the runner leaves such a job alone, and nobody outside sees it as anything but
 * `running`), its recipients follow in bounded batches with a turn of the event loop between
 * them (live chats' reads, writes and socket frames go in between), and one update makes it
 * `running`: the commit point.
 *
 * The creator holds the job with a lease, renewed each batch. A creation that fails part-way is
 * undone at once; one whose process died is `stale` (its lease ran out, or, with PGlite, it is
 * not this process's) and is deleted by the runner's sweep or by a retry with the same key. A job
 * cancelled while it is prepared keeps every recipient, the rest stored `cancelled`.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import { randomId } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { broadcastRecipients, broadcasts } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Recipient } from './broadcast-audience.ts';

export interface CreateOptions {
  leaseMs: number;
  /** Only this process uses the database (PGlite): a job prepared by nobody here is stale. */
  exclusive: boolean;
  /** Recipients per statement (default 200: a short statement, well inside parameter limits). */
  batchSize?: number;
  /** Awaited after each batch is stored (tests pause a creation part-way with it). */
  afterBatch?: (stored: number, total: number) => Promise<void>;
}

export type JobRow = typeof broadcasts.$inferSelect;

/** A turn of the event loop: pending socket frames and queued statements go first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class JobCreator {
  /** Jobs this process is preparing right now. */
  private readonly preparing = new Set<string>();
  private readonly creatorId = randomId(16);

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: CreateOptions,
  ) {}

  /** Inserts the job row; false when the business already used the key. */
  async insert(row: Omit<JobRow, 'status' | 'runner' | 'leaseUntil' | 'finishedAt'>) {
    const empty = row.total === 0;
    // Known as ours before it exists, so a sweep can never take it for a dead process's.
    if (!empty) this.preparing.add(row.id);
    let inserted = false;
    try {
      const rows = await this.db
        .insert(broadcasts)
        .values({
          ...row,
          status: empty ? 'done' : 'preparing',
          runner: empty ? null : this.creatorId,
          leaseUntil: empty ? null : this.clock.now() + this.options.leaseMs,
          finishedAt: empty ? row.createdAt : null,
        })
        .onConflictDoNothing()
        .returning({ id: broadcasts.id });
      inserted = rows.length > 0;
    } finally {
      if (!inserted) this.preparing.delete(row.id);
    }
    return inserted;
  }

  /** Stores the recipients of a job just inserted, batch by batch, then lets it run. */
  async fill(id: string, recipients: readonly Recipient[]): Promise<void> {
    if (recipients.length === 0) return;
    const size = this.options.batchSize ?? 200;
    let status: 'pending' | 'cancelled' = 'pending';
    try {
      for (let i = 0; i < recipients.length; i += size) {
        await this.db.insert(broadcastRecipients).values(
          recipients.slice(i, i + size).map((r, j) => ({
            broadcastId: id,
            seq: i + j + 1,
            personId: r.personId,
            phone: r.phone,
            params: r.params,
            status,
          })),
        );
        if (status === 'pending' && !(await this.renew(id))) status = await this.cancelled(id);
        await this.options.afterBatch?.(Math.min(i + size, recipients.length), recipients.length);
        await nextTurn();
      }
      if (status === 'cancelled') return;
      const ran = await this.db
        .update(broadcasts)
        .set({ status: 'running', runner: null, leaseUntil: null })
        .where(this.mine(id))
        .returning({ id: broadcasts.id });
      if (ran.length === 0) await this.cancelled(id);
    } catch (err) {
      await this.remove([id]).catch(() => {}); // a cancelled job stays, with its results
      throw err;
    } finally {
      this.preparing.delete(id);
    }
  }

  /** Whether `job` was being prepared by a process that stopped. */
  isStale(job: Pick<JobRow, 'id' | 'status' | 'leaseUntil'>): boolean {
    if (job.status !== 'preparing' || this.preparing.has(job.id)) return false;
    return this.options.exclusive || (job.leaseUntil ?? 0) < this.clock.now();
  }

  /** Deletes the jobs left half-prepared by a process that stopped. */
  async sweep(): Promise<void> {
    const lapsed = this.options.exclusive ? undefined : lt(broadcasts.leaseUntil, this.clock.now());
    const rows = await this.db
      .select({ id: broadcasts.id, status: broadcasts.status, leaseUntil: broadcasts.leaseUntil })
      .from(broadcasts)
      .where(and(eq(broadcasts.status, 'preparing'), lapsed));
    const stale = rows.filter((r) => this.isStale(r)).map((r) => r.id);
    if (stale.length > 0) await this.remove(stale);
  }

  /** Deletes jobs still `preparing`, with their recipients. */
  async remove(ids: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const gone = await tx
        .delete(broadcasts)
        .where(and(inArray(broadcasts.id, ids), eq(broadcasts.status, 'preparing')))
        .returning({ id: broadcasts.id });
      if (gone.length === 0) return;
      const goneIds = gone.map((g) => g.id);
      await tx.delete(broadcastRecipients).where(inArray(broadcastRecipients.broadcastId, goneIds));
    });
  }

  private async renew(id: string): Promise<boolean> {
    const renewed = await this.db
      .update(broadcasts)
      .set({ leaseUntil: this.clock.now() + this.options.leaseMs })
      .where(this.mine(id))
      .returning({ id: broadcasts.id });
    return renewed.length > 0;
  }

  /** After the job stopped being ours: cancelled (the rest is stored cancelled) or lost. */
  private async cancelled(id: string): Promise<'cancelled'> {
    const [job] = await this.db
      .select({ status: broadcasts.status })
      .from(broadcasts)
      .where(eq(broadcasts.id, id));
    if (job?.status !== 'cancelled') throw new Error(`broadcast ${id}: lost while prepared`);
    // Rows stored after the cancel's own update.
    await this.db
      .update(broadcastRecipients)
      .set({ status: 'cancelled', at: this.clock.now() })
      .where(
        and(eq(broadcastRecipients.broadcastId, id), eq(broadcastRecipients.status, 'pending')),
      );
    return 'cancelled';
  }

  private mine(id: string) {
    return and(
      eq(broadcasts.id, id),
      eq(broadcasts.status, 'preparing'),
      eq(broadcasts.runner, this.creatorId),
    );
  }
}
