/**
 * The one follower of the committed log (committed-log.ts). Every effect that must happen at
 * least once for what the server acknowledged — statistics, webhook events — is a consumer
 * registered here, with its own row in `log_cursors`. A pass reads a stretch of committed rows
 * once and hands it to every consumer behind it, and each cursor moves only once its consumer's
 * effects of the stretch are stored: what was acknowledged reaches every consumer even if the
 * process dies right after the commit (the next process, or another one, takes over from the
 * cursor). Two kinds of consumer keep that exactly-once in the figures:
 * - `in-transaction`: the effects are written in the transaction that moves the cursor, with the
 *   cursor row locked, so processes that race take turns and nothing counts twice (statistics);
 * - `idempotent`: the effects are the same however often a row is handed — a crash repeats a
 *   stretch, several processes may handle the same one (webhook events keyed by message id).
 *
 * Nothing polls: a commit on the bus (in this process, or PostgreSQL NOTIFY from another) wakes
 * the follower, `start` catches up on what committed while no process was following, and a
 * failed consumer is retried after a back-off. A lost notification delays effects until the
 * next commit, never loses them. A failing consumer holds back its own cursor (and a `last` one's).
 *
 * A consumer that removes what the others read — the purge of deleted messages, which compacts
 * the message and its edits into a snapshot without them — is marked `last`: in each pass it
 * comes after the others, and it never goes past one that failed. A pass may come as late as it
 * likes, then: nothing is compacted away before every other consumer has read it.
 *
 * A pass costs the same few statements whether it carries one row or hundreds; `minIntervalMs`
 * spaces the passes commits wake, so the rows of that time share one.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from './open.ts';
import { logCursors, seqCounter } from './schema.ts';
import { readCommittedLog, type LogRow } from './committed-log.ts';
import type { Hub } from '../sync/hub.ts';
import type { Logger } from '../logger.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface ConsumerBase {
  /** The cursor's name in `log_cursors`. */
  name: string;
  /** Where a new cursor starts: at the present (no replay of history) or at the first row. */
  startAt: 'present' | 'beginning';
  /** Removes what the others read (the purge compacts): after them, never past them. */
  last?: boolean;
}

export type LogConsumer = ConsumerBase &
  (
    | { effects: 'in-transaction'; handle(tx: Tx, rows: LogRow[]): Promise<void> }
    | { effects: 'idempotent'; handle(rows: LogRow[]): Promise<void> }
  );

export interface LogFollowerOptions {
  /** Sequence numbers per stretch. */
  batchSize: number;
  /** How long after a commit reading starts (commits in between share the stretch). */
  delayMs: number;
  /** First retry after a consumer failed; doubles while it keeps failing, up to a minute. */
  retryMs: number;
  /** Passes woken by commits start at least this long after the previous one started. */
  minIntervalMs?: number;
}

export const logFollowerDefaults: LogFollowerOptions = {
  batchSize: 500,
  delayMs: 20,
  retryMs: 1000,
  minIntervalMs: 200,
};

const maxRetryMs = 60_000;

/** The consumers that failed in a run, with their first error. */
type Failures = Map<string, { error: unknown }>;

export class LogFollower {
  private readonly consumers: LogConsumer[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private queued: Promise<Failures> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryMs: number;
  /** When the last pass woken by a commit started (performance.now()). */
  private lastWake = -Infinity;
  private unsubscribe: (() => void) | null = null;
  private started = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly logger: Logger,
    private readonly options: LogFollowerOptions = logFollowerDefaults,
  ) {
    this.retryMs = options.retryMs;
  }

  /** Adds a consumer; all are registered before `start`. */
  register(consumer: LogConsumer): void {
    if (this.started) throw new Error(`log consumer ${consumer.name} registered after start`);
    if (this.consumers.some((c) => c.name === consumer.name))
      throw new Error(`log consumer ${consumer.name} registered twice`);
    this.consumers.push(consumer);
    // A `last` consumer comes after the others in every pass (the sort keeps the order otherwise).
    this.consumers.sort((a, b) => Number(!!a.last) - Number(!!b.last));
  }

  /** Creates missing cursors, listens to the bus and starts catching up (not awaited). */
  async start(): Promise<void> {
    this.started = true;
    const committed = await this.committed();
    for (const c of this.consumers) {
      const seq = c.startAt === 'present' ? committed : 0;
      await this.db.insert(logCursors).values({ name: c.name, seq }).onConflictDoNothing();
    }
    this.unsubscribe = this.hub.subscribe(() => this.wakeForCommit());
    this.flush().catch(() => {}); // logged in flush
  }

  /**
   * Resolves once everything committed before the call reached consumer `name` (every consumer
   * without a name); rejects with its failure.
   */
  async settled(name?: string): Promise<void> {
    const failures = await this.flush();
    const failed = name === undefined ? [...failures.values()][0] : failures.get(name);
    if (failed) throw failed.error;
  }

  /**
   * Moves the cursor of `name` back to `seq` and hands it everything again from there (a check
   * of idempotency; a restored backup).
   */
  async rewind(name: string, seq: number): Promise<void> {
    await this.settled(name);
    const moved = this.chain.then(() =>
      this.db.update(logCursors).set({ seq }).where(eq(logCursors.name, name)),
    );
    this.chain = moved.catch(() => {});
    this.queued = null; // a flush asked for from now on runs after the move
    await moved;
    await this.settled(name);
  }

  /** `delayMs` after the commit, and no sooner than `minIntervalMs` after the last such pass. */
  private wakeForCommit(): void {
    if (this.timer) return;
    const spacing = this.lastWake + (this.options.minIntervalMs ?? 0) - performance.now();
    this.wake(Math.max(this.options.delayMs, spacing), () => (this.lastWake = performance.now()));
  }

  private wake(delayMs: number, onFire?: () => void): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      onFire?.();
      this.flush().catch(() => {}); // logged in flush
    }, delayMs);
    this.timer.unref();
  }

  /** One run after the one under way (runs asked for meanwhile share it). */
  private flush(): Promise<Failures> {
    if (this.queued) return this.queued;
    const run = this.chain.then(() => {
      this.queued = null;
      return this.catchUp();
    });
    this.queued = run;
    this.chain = run.then((failures) => this.afterRun(failures));
    return run;
  }

  private afterRun(failures: Failures): void {
    for (const [name, { error }] of failures)
      this.logger.error({ err: error, cursor: name }, 'following the log failed; will retry');
    if (failures.size === 0) {
      this.retryMs = this.options.retryMs;
      return;
    }
    this.wake(this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, maxRetryMs);
  }

  /** Passes until every consumer that has not failed is at the committed end (or closing). */
  private async catchUp(): Promise<Failures> {
    const failures: Failures = new Map();
    for (;;) {
      if (this.closed) return failures; // the cursors keep the rest for the next process
      const active = this.consumers.filter((c) => !failures.has(c.name));
      if (active.length === 0) return failures;
      try {
        if (await this.pass(active, failures)) return failures;
      } catch (error) {
        for (const c of active) failures.set(c.name, { error });
        return failures;
      }
    }
  }

  /** Reads one stretch after the lowest cursor; true when nothing committed is left. */
  private async pass(active: LogConsumer[], failures: Failures): Promise<boolean> {
    const { cursors, committed } = await this.positions(active.map((c) => c.name));
    const from = Math.min(...cursors.values());
    if (from >= committed) return true;
    const upto = Math.min(committed, from + this.options.batchSize);
    const rows = await readCommittedLog(this.db, from, upto);
    const handled: string[] = []; // idempotent consumers whose cursors move together
    const behind = new Set<string>(); // not at `upto` after their turn: read again
    const passed = (name: string) => !failures.has(name) && !behind.has(name);
    for (const consumer of active) {
      const at = cursors.get(consumer.name)!;
      if (at >= upto) continue;
      // A `last` consumer waits: for one that failed (retried with it), for one rewound (the
      // next pass reads from there).
      const other = consumer.last && this.consumers.find((c) => !c.last && !passed(c.name));
      if (other && failures.has(other.name))
        failures.set(consumer.name, { error: new Error(`held back behind ${other.name}`) });
      if (other) continue;
      try {
        if (consumer.effects === 'idempotent') {
          await consumer.handle(after(rows, at));
          handled.push(consumer.name);
        } else if (await this.handOver(consumer, rows, from, upto)) behind.add(consumer.name);
      } catch (error) {
        failures.set(consumer.name, { error });
      }
    }
    if (handled.length > 0) {
      try {
        await this.db
          .update(logCursors)
          .set({ seq: upto })
          .where(and(inArray(logCursors.name, handled), lt(logCursors.seq, upto)));
      } catch (error) {
        for (const name of handled) failures.set(name, { error });
      }
    }
    return upto >= committed && behind.size === 0;
  }

  /** An in-transaction consumer: `rows` is (from, upto]. True: read again. */
  private handOver(
    consumer: LogConsumer & { effects: 'in-transaction' },
    rows: LogRow[],
    from: number,
    upto: number,
  ): Promise<boolean> {
    const named = eq(logCursors.name, consumer.name);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ seq: logCursors.seq })
        .from(logCursors)
        .where(named)
        .for('update');
      const locked = Number(row!.seq);
      if (locked >= upto) return false; // another process got there first
      if (locked < from) return true; // moved back meanwhile (a rewind): read from there
      await consumer.handle(tx, after(rows, locked));
      await tx.update(logCursors).set({ seq: upto }).where(named);
      return false;
    });
  }

  /** The consumers' cursors and the committed end, in one statement. */
  private async positions(
    names: string[],
  ): Promise<{ cursors: Map<string, number>; committed: number }> {
    const rows = await this.db
      .select({
        name: logCursors.name,
        seq: logCursors.seq,
        committed: sql<number>`(SELECT value FROM seq_counter WHERE id = 1)`.mapWith(Number),
      })
      .from(logCursors)
      .where(inArray(logCursors.name, names));
    const cursors = new Map(rows.map((r) => [r.name, Number(r.seq)]));
    const missing = names.filter((name) => !cursors.has(name));
    if (missing.length > 0) throw new Error(`no log cursor for ${missing.join(', ')}`);
    return { cursors, committed: Number(rows[0]?.committed ?? 0) };
  }

  private async committed(): Promise<number> {
    const [counter] = await this.db
      .select({ value: seqCounter.value })
      .from(seqCounter)
      .where(eq(seqCounter.id, 1));
    return Number(counter?.value ?? 0);
  }

  /** Stops following and waits for a running pass. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }
}

function after(rows: LogRow[], seq: number): LogRow[] {
  return rows[0] !== undefined && rows[0].seq > seq ? rows : rows.filter((r) => r.seq > seq);
}
