/**
 * Counting: turns committed updates into statistics, incrementally and exactly once.
 *
 * Why it is shaped so: the committed rows of `doc_updates` are the log. A batch takes the one
 * `stats_cursor` row FOR UPDATE, reads the rows after it (up to the committed counter, so no row
 * that commits later is skipped), counts them and moves the cursor — all in one transaction. The
 * counts and the cursor commit together, so an update is counted once whichever process counts
 * it, however often processes restart, and processes that race simply take turns on the row
 * (the loser finds nothing left to do: no N× work). The hub only says "something committed".
 *
 * Compaction may have folded rows into a document's snapshot before they were counted; the
 * snapshot is then counted in their place (db/committed-log.ts; safe: see count-update.ts).
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../db/open.ts';
import { seqCounter, statsCursor } from '../db/schema.ts';
import { readCommittedLog } from '../db/committed-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Hub } from '../sync/hub.ts';
import type { StatsFacts } from './facts.ts';
import { Tally } from './tally.ts';
import { PrefsAt, UpdateCounter } from './count-update.ts';

export interface StatsIngestOptions {
  /** Sequence numbers per transaction. */
  batchSize: number;
  /** How long after a commit counting starts (commits in between share the batch). */
  delayMs: number;
  /** A pass this often, whatever the hub says. */
  sweepMs: number;
}

export class StatsIngest {
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly sweep: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;
  private readonly counter: UpdateCounter;

  constructor(
    private readonly database: Database,
    hub: Hub,
    facts: StatsFacts,
    clock: Clock,
    private readonly logger: Logger,
    private readonly options: StatsIngestOptions,
  ) {
    this.counter = new UpdateCounter(facts, clock);
    this.unsubscribe = hub.subscribe(() => this.schedule());
    this.sweep = setInterval(() => void this.flush().catch(() => {}), options.sweepMs);
    this.sweep.unref();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {}); // logged in flush
    }, this.options.delayMs);
  }

  /** Counts everything committed before the call; resolves when it is counted. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.chain.then(async () => {
      this.queued = null;
      while (!(await this.batch()));
    });
    this.queued = run;
    this.chain = run.catch((error: unknown) => {
      this.logger.error({ err: error }, 'counting statistics failed; the next pass retries');
    });
    return run;
  }

  /** One transaction: count the rows after the cursor; true when nothing committed is left. */
  private batch(): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      await tx.insert(statsCursor).values({ id: 1, seq: 0 }).onConflictDoNothing();
      const [cursor] = await tx
        .select({ seq: statsCursor.seq })
        .from(statsCursor)
        .where(eq(statsCursor.id, 1))
        .for('update');
      const [counter] = await tx
        .select({ value: seqCounter.value })
        .from(seqCounter)
        .where(eq(seqCounter.id, 1));
      const from = cursor?.seq ?? 0;
      const committed = counter?.value ?? 0;
      const upto = Math.min(committed, from + this.options.batchSize);
      if (upto <= from) return true;
      const started = performance.now();
      const rows = await readCommittedLog(tx, from, upto);
      const tally = new Tally();
      const prefs = new PrefsAt(tx);
      for (const row of rows) await this.counter.count(tx, row, tally, prefs);
      await tally.flush(tx);
      await tx.update(statsCursor).set({ seq: upto }).where(eq(statsCursor.id, 1));
      this.logger.debug(
        { from, upto, rows: rows.length, ms: Math.round(performance.now() - started) },
        'counted',
      );
      return upto >= committed;
    });
  }

  /**
   * Moves the cursor back to `seq` and counts again from there: what was counted already is
   * recognised and not counted twice (a check of idempotency; also for a restored backup).
   * Refusals and private chats' messages are the exception: they keep no facts.
   */
  async rewind(seq: number): Promise<void> {
    await this.flush();
    await this.database.db.update(statsCursor).set({ seq }).where(eq(statsCursor.id, 1));
    await this.flush();
  }

  /** Stops listening and waits for a running batch. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.sweep);
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }
}
