/**
 * A business's webhook endpoint (one per business; setting it again replaces the URL and makes a
 * new secret, shown once) and its events: `enqueue` adds a delivery to the durable queue once
 * per business and event key — every process sees every commit, so all of them may try — and
 * only for a business with an endpoint. The dispatcher (dispatcher.ts) delivers.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import {
  randomId,
  SoukError,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEvent,
  type WebhookEventType,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { webhookDeliveries, webhookEndpoints } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { checkWebhookUrl, type GuardOptions } from './address-guard.ts';

export class WebhookService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly guard: GuardOptions,
  ) {}

  async set(businessId: string, url: string): Promise<WebhookEndpoint> {
    const problem = await checkWebhookUrl(url, this.guard);
    if (problem)
      throw new SoukError('bad_request', `This webhook URL cannot be used: ${problem}.`, {
        reason: 'url',
      });
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const createdAt = this.clock.now();
    await this.db
      .insert(webhookEndpoints)
      .values({ businessId, url, secret, createdAt })
      .onConflictDoUpdate({ target: webhookEndpoints.businessId, set: { url, secret, createdAt } });
    return { url, createdAt, secret };
  }

  async get(businessId: string): Promise<WebhookEndpoint | null> {
    const [row] = await this.db
      .select({ url: webhookEndpoints.url, createdAt: webhookEndpoints.createdAt })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.businessId, businessId));
    return row ?? null;
  }

  async remove(businessId: string): Promise<void> {
    await this.db.delete(webhookEndpoints).where(eq(webhookEndpoints.businessId, businessId));
  }

  async endpoint(businessId: string) {
    const [row] = await this.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.businessId, businessId));
    return row ?? null;
  }

  /** Queues `type` for the business's endpoint once per `eventKey`; nothing without an endpoint. */
  async enqueue(
    businessId: string,
    eventKey: string,
    type: WebhookEventType,
    data: Record<string, unknown>,
  ): Promise<void> {
    if (!(await this.get(businessId))) return;
    const now = this.clock.now();
    const id = `evt_${randomId(20)}`;
    const payload: WebhookEvent = { id, type, createdAt: now, businessId, data };
    await this.db
      .insert(webhookDeliveries)
      .values({
        id,
        businessId,
        eventKey,
        eventType: type,
        payload,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      })
      .onConflictDoNothing();
  }

  async deliveries(businessId: string, limit = 50): Promise<WebhookDelivery[]> {
    const t = webhookDeliveries;
    return this.db
      .select({
        id: t.id,
        eventType: t.eventType,
        status: t.status,
        attempts: t.attempts,
        nextAttemptAt: t.nextAttemptAt,
        lastError: t.lastError,
        lastStatus: t.lastStatus,
        createdAt: t.createdAt,
        deliveredAt: t.deliveredAt,
      })
      .from(t)
      .where(and(eq(t.businessId, businessId)))
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(limit);
  }
}
