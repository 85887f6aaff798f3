/**
 * Delivers queued webhook events, at least once. Each process polls the queue: one statement
 * claims up to a batch of due rows (`FOR UPDATE SKIP LOCKED`, so processes never claim the same
 * row) and leases them by moving `next_attempt_at` past the delivery timeout; the POST happens
 * outside any transaction; the outcome is then written. A process that dies mid-delivery leaves
 * the lease to expire and another (or the restarted one) tries again. Failures back off
 * exponentially (base × 2^(attempt−1), capped) until `maxAttempts`, then the row is `failed`.
 */
import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { webhookDeliveries } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { guardedPost, type PostOutcome } from './guarded-post.ts';
import { sign, signatureHeader } from './signature.ts';
import { withMediaLinks } from './media-links.ts';
import type { WebhookService } from './webhook-service.ts';

export interface DispatcherOptions {
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  batch: number;
  /** How long finished deliveries stay in the log. */
  keepMs: number;
  /** How long the media links in an event work after it is POSTed (media-links.ts). */
  mediaLinkMs: number;
}

export const dispatcherDefaults: DispatcherOptions = {
  pollMs: 1000,
  baseDelayMs: 10_000,
  maxDelayMs: 6 * 60 * 60 * 1000,
  maxAttempts: 12,
  timeoutMs: 10_000,
  batch: 20,
  keepMs: 30 * 24 * 60 * 60 * 1000,
  mediaLinkMs: 60 * 60 * 1000,
};

export function backoffMs(attempts: number, options: DispatcherOptions): number {
  return Math.min(options.baseDelayMs * 2 ** Math.max(0, attempts - 1), options.maxDelayMs);
}

export class Dispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private prunedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly service: WebhookService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions,
    /** Told of each failed attempt (`final`: the delivery is given up), for metrics. */
    private readonly onFailure: (final: boolean) => void = () => {},
    /** The origin media links start with (the public URL, or the server's own address). */
    private readonly origin: () => string = () => '',
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
    this.timer.unref();
  }

  /** One pass over the due rows (also what tests call to skip waiting for the timer). */
  tick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.running ??= this.pass()
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook pass failed'))
      .finally(() => (this.running = null));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async pass(): Promise<void> {
    await this.prune();
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((row) => this.deliver(row)));
      if (this.closed) return;
    }
  }

  /** Once an hour: finished deliveries older than `keepMs` leave the log. */
  private async prune(): Promise<void> {
    const now = this.clock.now();
    if (now - this.prunedAt < 60 * 60 * 1000) return;
    this.prunedAt = now;
    const t = webhookDeliveries;
    await this.db
      .delete(t)
      .where(
        and(inArray(t.status, ['delivered', 'failed']), lt(t.createdAt, now - this.options.keepMs)),
      );
  }

  private async claim() {
    const t = webhookDeliveries;
    const now = this.clock.now();
    const due = this.db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.status, 'pending'), lte(t.nextAttemptAt, now)))
      .orderBy(asc(t.nextAttemptAt))
      .limit(this.options.batch)
      .for('update', { skipLocked: true });
    return this.db
      .update(t)
      .set({
        attempts: sql`${t.attempts} + 1`,
        nextAttemptAt: now + this.options.timeoutMs * 3,
      })
      .where(inArray(t.id, due))
      .returning({
        id: t.id,
        businessId: t.businessId,
        payload: t.payload,
        attempts: t.attempts,
        eventType: t.eventType,
      });
  }

  private async deliver(row: {
    id: string;
    businessId: string;
    payload: unknown;
    attempts: number;
    eventType: string;
  }): Promise<void> {
    const t = webhookDeliveries;
    const endpoint = await this.service.endpoint(row.businessId);
    // The guard inside `post` resolves the name once and connects to the address it checked.
    const outcome: PostOutcome = endpoint
      ? await this.post(endpoint.url, endpoint.secret, row)
      : { ok: false, status: null, error: 'no webhook endpoint' };
    const now = this.clock.now();
    if (outcome.ok) {
      await this.db
        .update(t)
        .set({ status: 'delivered', deliveredAt: now, lastStatus: outcome.status, lastError: null })
        .where(eq(t.id, row.id));
      return;
    }
    const last = row.attempts >= this.options.maxAttempts || !endpoint;
    await this.db
      .update(t)
      .set({
        status: last ? 'failed' : 'pending',
        nextAttemptAt: now + backoffMs(row.attempts, this.options),
        lastStatus: outcome.status,
        lastError: outcome.error,
      })
      .where(eq(t.id, row.id));
    this.onFailure(last);
    this.logger.info(
      { delivery: row.id, attempts: row.attempts, error: outcome.error },
      'webhook delivery failed',
    );
  }

  private post(
    url: string,
    secret: string,
    row: { id: string; payload: unknown; eventType: string },
  ): Promise<PostOutcome> {
    // Media links are made now, so a retry hours later still carries links that work.
    const expiresAt = this.clock.now() + this.options.mediaLinkMs;
    const payload = withMediaLinks(row.payload, { secret, origin: this.origin(), expiresAt });
    const body = JSON.stringify(payload);
    const seconds = Math.floor(this.clock.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Souk-Webhooks/1',
      'souk-event': row.eventType,
      'souk-delivery': row.id,
      [signatureHeader]: sign(secret, body, seconds),
    };
    return guardedPost(
      url,
      { headers, body, timeoutMs: this.options.timeoutMs },
      this.service.guard,
    );
  }
}
