/**
 * Broadcast jobs in the database (schema/broadcasts.ts): creating one stores the job and then
 * its recipients in batches (broadcast-create.ts: a job is either all there or not at all, and a
 * big one never holds the database for long), and a key makes it once: the same key answers the
 * job it started, the same key with another request is a `conflict`. Progress and results are
 * read from the recipients' rows; cancelling marks the rest `cancelled`, and a send already under
 * way still records that it went.
 */
import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import {
  broadcastLimits,
  randomId,
  SoukError,
  type BroadcastJob,
  type BroadcastResults,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { broadcastRecipients, broadcasts } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { requestFingerprint } from '../templates/request-fingerprint.ts';
import type { Audience } from './broadcast-audience.ts';
import { JobCreator, type CreateOptions } from './broadcast-create.ts';

export class BroadcastJobs {
  readonly creator: JobCreator;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    options: CreateOptions,
  ) {
    this.creator = new JobCreator(db, clock, options);
  }

  /** Stores the job and its recipients; with a key already used, answers that job. */
  async create(
    businessId: string,
    request: { key?: string | undefined; language?: string | undefined },
    audience: Audience,
    fingerprint: unknown,
  ): Promise<BroadcastJob> {
    const { key, language } = request;
    const requestHash = requestFingerprint(fingerprint);
    const id = randomId(16);
    const row = {
      id,
      businessId,
      key: key ?? null,
      requestHash,
      template: audience.template.name,
      version: audience.template.version,
      language: language ?? null,
      total: audience.recipients.length,
      createdAt: this.clock.now(),
    };
    // A job left half-prepared by a process that died gives its key back, once.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.creator.insert(row)) {
        await this.creator.fill(id, audience.recipients);
        return this.progress(businessId, id);
      }
      const [earlier] = await this.db
        .select()
        .from(broadcasts)
        .where(and(eq(broadcasts.businessId, businessId), eq(broadcasts.key, key ?? '')));
      if (earlier && this.creator.isStale(earlier)) {
        await this.creator.remove([earlier.id]);
        continue;
      }
      if (!earlier || earlier.requestHash !== requestHash)
        throw SoukError.refusal('conflict', { code: 'idempotency_mismatch' });
      return this.progress(businessId, earlier.id);
    }
    throw SoukError.refusal('conflict', { code: 'idempotency_mismatch' });
  }

  async progress(businessId: string, id: string): Promise<BroadcastJob> {
    const job = await this.job(businessId, id);
    const counts = await this.db
      .select({ status: broadcastRecipients.status, n: count() })
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.broadcastId, id))
      .groupBy(broadcastRecipients.status);
    const of = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
    // Being prepared is, seen from outside, running with nothing sent yet.
    const status = job.status === 'preparing' ? 'running' : job.status;
    return {
      broadcast: job.id,
      template: job.template,
      version: job.version,
      status: status as BroadcastJob['status'],
      total: job.total,
      sent: of('sent'),
      refused: of('refused'),
      cancelled: of('cancelled'),
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    };
  }

  async results(
    businessId: string,
    id: string,
    query: { after?: number | undefined; status?: string | undefined },
  ): Promise<BroadcastResults> {
    await this.job(businessId, id);
    const r = broadcastRecipients;
    const rows = await this.db
      .select()
      .from(r)
      .where(
        and(
          eq(r.broadcastId, id),
          gt(r.seq, query.after ?? 0),
          query.status ? eq(r.status, query.status) : undefined,
        ),
      )
      .orderBy(asc(r.seq))
      .limit(broadcastLimits.resultsPage + 1);
    const page = rows.slice(0, broadcastLimits.resultsPage);
    return {
      results: page.map((row) => ({
        personId: row.personId,
        phone: row.phone,
        status: row.status as BroadcastResults['results'][number]['status'],
        conversation: row.conversation,
        messageId: row.messageId,
        reason: row.reason as BroadcastResults['results'][number]['reason'],
      })),
      next: rows.length > page.length ? page.at(-1)!.seq : null,
    };
  }

  /** Stops the job: the recipients not sent yet are `cancelled` (a send under way still lands). */
  async cancel(businessId: string, id: string): Promise<BroadcastJob> {
    await this.job(businessId, id);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const stopped = await tx
        .update(broadcasts)
        .set({ status: 'cancelled', finishedAt: now })
        .where(and(eq(broadcasts.id, id), inArray(broadcasts.status, ['running', 'preparing'])))
        .returning({ id: broadcasts.id });
      if (stopped.length === 0) return;
      await tx
        .update(broadcastRecipients)
        .set({ status: 'cancelled', at: now })
        .where(
          and(eq(broadcastRecipients.broadcastId, id), eq(broadcastRecipients.status, 'pending')),
        );
    });
    return this.progress(businessId, id);
  }

  /** The business's own job, or not found (another business's id reads as no such broadcast). */
  private async job(businessId: string, id: string) {
    const [job] = await this.db
      .select()
      .from(broadcasts)
      .where(and(eq(broadcasts.id, id), eq(broadcasts.businessId, businessId)));
    if (!job) throw new SoukError('not_found', 'No such broadcast.');
    return job;
  }
}
