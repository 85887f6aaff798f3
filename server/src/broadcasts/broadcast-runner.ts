/**
 * Runs broadcast jobs: the stored jobs still `running` are claimed (a lease in the job's row, so
 * one process at a time sends a job; PGlite has one process, which takes its jobs back at once
 * after a restart) and sent in order, a customer at a time per slot, through broadcast-send.ts.
 *
 * Paced: one process starts at most `perSecond` broadcast messages a second, whatever the number
 * of jobs — each is an ordinary commit sharing the commit log with live chats, and the pace
 * leaves them the room to keep their latency (tests/bench/broadcast.ts). A job has a few sends
 * under way at once (`inFlight`), started in order. Before each customer the job's status is
 * read, so a cancelled job starts no other send (those under way finish and record that they
 * went); every batch renews the lease, and a job lost (cancelled, or taken over) stops.
 */
import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { randomId } from '@souk/sync';
import { broadcastRecipients, broadcasts } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { TemplateService } from '../templates/template-service.ts';
import { sendToRecipient, type SendDeps, type SendingJob } from './broadcast-send.ts';

export interface RunnerOptions {
  perSecond: number;
  leaseMs: number;
  /** Only this process uses the database (PGlite): a job's lease is never someone else's. */
  exclusive: boolean;
}

export interface RunnerDeps extends SendDeps {
  templates: TemplateService;
  logger: Logger;
  /** Deletes the jobs a stopped process left half-prepared (broadcast-create.ts). */
  sweep?: () => Promise<void>;
}

/** Recipients read (and the lease renewed) per batch. */
const batchSize = 20;

/**
 * Sends under way at once, per job: a send is a dozen round trips to the database and two
 * commits, so one at a time reached a few a second, far under the pace. Several in flight
 * overlap their round trips and share commits (the commit log's group commit); each still
 * waits for its slot, so the rate stays `perSecond`, and the window bounds the work queued
 * when the database is slow. A quarter of the rate keeps up while a send takes ≤ 250 ms.
 */
export const inFlight = (perSecond: number): number => Math.max(1, Math.ceil(perSecond / 4));

/** A window of sends under way: at most `size`; the first failure is kept for `settled`. */
class Sends {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly size: number) {}

  /** Waits until another send may start; throws once one failed (no more start). */
  async room(): Promise<void> {
    while (this.running.size >= this.size) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
  }

  start(send: () => Promise<void>): void {
    const run: Promise<void> = send()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Waits for every send under way; throws the first failure. */
  async settled(): Promise<void> {
    await this.drain();
    if (this.failure) throw this.failure.error;
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}

export class BroadcastRunner {
  private readonly runnerId = randomId(16);
  private readonly active = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** When the next broadcast message may go (performance.now() time). */
  private nextSlot = 0;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly options: RunnerOptions,
  ) {}

  /** Picks up the jobs in the database now, and jobs left by a stalled process as leases expire. */
  start(): void {
    this.timer = setInterval(() => this.kick(), Math.max(250, this.options.leaseMs / 2));
    this.timer.unref();
    this.kick();
  }

  /** Looks for jobs to run now (a job was just created). */
  kick(): void {
    if (this.closed) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.poll()
      .catch((err: unknown) => this.deps.logger.error({ err }, 'broadcast poll failed'))
      .finally(() => {
        this.polling = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once this process is not sending `id` (it stops after the sends under way). */
  async letGo(id: string): Promise<void> {
    await this.active.get(id);
  }

  /** Stops after the sends under way; the jobs stay `running` for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await Promise.allSettled([...this.active.values()]);
  }

  private async poll(): Promise<void> {
    await this.deps.sweep?.();
    const now = this.deps.clock.now();
    const free = this.options.exclusive
      ? undefined
      : or(
          isNull(broadcasts.runner),
          lt(broadcasts.leaseUntil, now),
          eq(broadcasts.runner, this.runnerId),
        );
    const claimed = await this.deps.db
      .update(broadcasts)
      .set({ runner: this.runnerId, leaseUntil: now + this.options.leaseMs })
      .where(and(eq(broadcasts.status, 'running'), free))
      .returning();
    for (const job of claimed) {
      if (this.active.has(job.id)) continue;
      const run = this.run(job)
        .catch((err: unknown) => this.deps.logger.error({ err, job: job.id }, 'broadcast failed'))
        .finally(() => this.active.delete(job.id));
      this.active.set(job.id, run);
    }
  }

  private async run(row: typeof broadcasts.$inferSelect): Promise<void> {
    const { db, templates, facts } = this.deps;
    const template = await templates.get(row.businessId, row.template, row.version);
    if (!template) throw new Error(`broadcast ${row.id}: template ${row.template} is gone`);
    const sends = new Sends(inFlight(this.options.perSecond));
    try {
      // Rows up to `after` are sent, refused or under way: the next batch starts past them.
      let after = 0;
      while (!this.closed) {
        const business = await facts.business(row.businessId);
        if (!business) throw new Error(`broadcast ${row.id}: business ${row.businessId} is gone`);
        const job: SendingJob = {
          id: row.id,
          template,
          language: row.language,
          business: {
            id: business.id,
            kind: 'business',
            name: business.name,
            suspended: business.suspended,
          },
        };
        const r = broadcastRecipients;
        const batch = await db
          .select({ seq: r.seq, personId: r.personId, phone: r.phone, params: r.params })
          .from(r)
          .where(and(eq(r.broadcastId, row.id), eq(r.status, 'pending'), gt(r.seq, after)))
          .orderBy(asc(r.seq))
          .limit(batchSize);
        if (batch.length === 0) {
          await sends.settled(); // throws what a send threw: its customer is still pending
          return this.finish(row.id);
        }
        for (const recipient of batch) {
          await sends.room();
          await this.pace();
          if (this.closed || !(await this.stillRunning(row.id))) return;
          sends.start(() => sendToRecipient(this.deps, job, recipient));
          after = recipient.seq;
        }
        if (!(await this.renew(row.id))) return;
      }
    } finally {
      // Nothing returns (and no one is told the job let go) while a send is under way.
      await sends.drain();
    }
  }

  /** Waits for this process's next broadcast slot (shared by every job). */
  private async pace(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.options.perSecond;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  private async stillRunning(id: string): Promise<boolean> {
    const [job] = await this.deps.db
      .select({ status: broadcasts.status, runner: broadcasts.runner })
      .from(broadcasts)
      .where(eq(broadcasts.id, id));
    return job?.status === 'running' && job.runner === this.runnerId;
  }

  private async renew(id: string): Promise<boolean> {
    const renewed = await this.deps.db
      .update(broadcasts)
      .set({ leaseUntil: this.deps.clock.now() + this.options.leaseMs })
      .where(this.mine(id))
      .returning({ id: broadcasts.id });
    return renewed.length > 0;
  }

  private async finish(id: string): Promise<void> {
    await this.deps.db
      .update(broadcasts)
      .set({ status: 'done', finishedAt: this.deps.clock.now(), runner: null, leaseUntil: null })
      .where(this.mine(id));
  }

  private mine(id: string) {
    return and(
      eq(broadcasts.id, id),
      eq(broadcasts.status, 'running'),
      eq(broadcasts.runner, this.runnerId),
    );
  }
}
