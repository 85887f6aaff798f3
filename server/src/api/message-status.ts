/**
 * The status of messages sent through the API, moved forward by the customer's receipts: the
 * head document's `receipts[customer]` holds the highest `n` of the business's messages delivered
 * to / read on the customer's devices, so every API message of that conversation at or below the
 * watermark is delivered / read (read only while the customer sends read receipts). Each move is one conditional UPDATE … RETURNING, so with several
 * processes reacting to the same receipt exactly one of them wins a row and queues its webhook.
 */
import * as Y from 'yjs';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { conversationParts, readParticipants, readPreferences, type ApiMessage } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { apiMessages } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { WebhookService } from '../webhooks/webhook-service.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';

const emptyStateVector = Y.encodeStateVector(new Y.Doc());

export class MessageStatus {
  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
    private readonly clock: Clock,
    private readonly webhooks: WebhookService,
    private readonly facts: ConsentFacts,
  ) {}

  /** Reads the conversation's receipts and moves its API messages forward. */
  async refresh(head: string): Promise<void> {
    const t = apiMessages;
    const [open] = await this.db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.conv, head), inArray(t.status, ['sent', 'delivered'])))
      .limit(1);
    if (!open) return;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await this.store.diff(head, emptyStateVector)).update);
    const customer = readParticipants(doc).find((p) => p.kind === 'person');
    const receipt = customer ? conversationParts(doc).receipts.get(customer.id) : undefined;
    if (!customer || !receipt) return;
    const now = this.clock.now();
    const delivered = await this.db
      .update(t)
      .set({ status: 'delivered', deliveredAt: now })
      .where(and(eq(t.conv, head), eq(t.status, 'sent'), lte(t.n, receipt.d)))
      .returning({ id: t.id, to: t.to, businessId: t.businessId });
    for (const row of delivered)
      await this.webhooks.enqueue(row.businessId, `delivered:${row.id}`, 'message.delivered', {
        messageId: row.id,
        to: row.to,
        at: now,
      });
    // A person who turned read receipts off is read by nobody, whatever their device claims (as
    // in the statistics).
    const prefs = (await this.facts.preferences([customer.id])).get(customer.id);
    if (prefs && !readPreferences(prefs).readReceipts) return;
    const read = await this.db
      .update(t)
      .set({ status: 'read', readAt: now, deliveredAt: sql`coalesce(${t.deliveredAt}, ${now})` })
      .where(and(eq(t.conv, head), eq(t.status, 'delivered'), lte(t.n, receipt.r)))
      .returning({ id: t.id, to: t.to, businessId: t.businessId });
    for (const row of read)
      await this.webhooks.enqueue(row.businessId, `read:${row.id}`, 'message.read', {
        messageId: row.id,
        to: row.to,
        at: now,
      });
  }
}

export type Row = typeof apiMessages.$inferSelect;

/** An API message as `GET /api/v1/messages/:id` answers it. */
export function view(row: Row): ApiMessage {
  return {
    id: row.id,
    to: row.to,
    kind: row.kind,
    ...(row.template ? { template: row.template } : {}),
    status: row.status === 'pending' ? 'sent' : row.status,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    readAt: row.readAt,
  };
}
