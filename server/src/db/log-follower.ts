/**
 * Follows the committed log (committed-log.ts) behind a named cursor in `log_cursors`, handing
 * each row to `handle` in sequence order, and moves the cursor only once a stretch is handled:
 * what the server acknowledged reaches the reader even if the process dies right after the
 * commit (the next process takes over from the cursor). A crash repeats a stretch, and several
 * processes may handle the same one, so `handle` must be idempotent. The bus only says
 * "something committed"; a sweep catches what a lost notification would delay.
 *
 * A new cursor starts at the present: a reader added to a running platform does not replay
 * history.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from './open.ts';
import { logCursors, seqCounter } from './schema.ts';
import { readCommittedLog, type LogRow } from './committed-log.ts';
import type { Hub } from '../sync/hub.ts';
import type { Logger } from '../logger.ts';

export interface LogFollowerOptions {
  /** Sequence numbers per stretch. */
  batchSize: number;
  /** How long after a commit reading starts (commits in between share the stretch). */
  delayMs: number;
  /** A pass this often, whatever the bus says. */
  sweepMs: number;
}

export const logFollowerDefaults: LogFollowerOptions = {
  batchSize: 500,
  delayMs: 5,
  sweepMs: 1000,
};

export class LogFollower {
  private chain: Promise<void>;
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly sweep: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly name: string,
    hub: Hub,
    private readonly handle: (row: LogRow) => Promise<void>,
    private readonly logger: Logger,
    private readonly options: LogFollowerOptions = logFollowerDefaults,
  ) {
    this.chain = this.start().catch((error: unknown) =>
      this.logger.error({ err: error, cursor: name }, 'log cursor could not start'),
    );
    this.unsubscribe = hub.subscribe(() => this.schedule());
    this.sweep = setInterval(() => void this.flush().catch(() => {}), options.sweepMs);
    this.sweep.unref();
  }

  private async start(): Promise<void> {
    const seq = await this.committed();
    await this.db.insert(logCursors).values({ name: this.name, seq }).onConflictDoNothing();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {}); // logged in flush
    }, this.options.delayMs);
  }

  /** Handles everything committed before the call; resolves when it is handled. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.chain.then(async () => {
      this.queued = null;
      while (!(await this.pass()));
    });
    this.queued = run;
    this.chain = run.catch((error: unknown) => {
      this.logger.error({ err: error, cursor: this.name }, 'following the log failed; retrying');
    });
    return run;
  }

  /** One stretch after the cursor; true when nothing committed is left. */
  private async pass(): Promise<boolean> {
    const [cursor] = await this.db
      .select({ seq: logCursors.seq })
      .from(logCursors)
      .where(eq(logCursors.name, this.name));
    const from = Number(cursor?.seq ?? 0);
    const committed = await this.committed();
    const upto = Math.min(committed, from + this.options.batchSize);
    if (upto <= from) return true;
    for (const row of await readCommittedLog(this.db, from, upto)) await this.handle(row);
    await this.db
      .update(logCursors)
      .set({ seq: upto })
      .where(and(eq(logCursors.name, this.name), lt(logCursors.seq, upto)));
    return upto >= committed;
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
    this.unsubscribe();
    clearInterval(this.sweep);
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }
}
