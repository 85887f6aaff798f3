/**
 * Webhook events derived from committed updates, as the fan-out bus announces them to every
 * process: a receipt moves API messages to delivered / read (api/message-status.ts), a
 * customer's message to a business is `message.received`, and a change of `optIn:<businessId>`
 * in a person's preferences is `customer.opted_in` / `customer.opted_out`. Every process sees
 * every commit, so each event is queued under a key that is the same everywhere (the message id,
 * the update's sequence number) and the queue keeps one row per key.
 */
import * as Y from 'yjs';
import { docName, headDocName, parseDocName, plainText, readPreferences } from '@souk/sync';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { identities } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { CommittedUpdate, Hub } from '../sync/hub.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import { decodeConversationUpdate } from '../stats/decode.ts';
import { readDocAt } from '../stats/facts.ts';
import type { MessageStatus } from '../api/message-status.ts';
import type { WebhookService } from './webhook-service.ts';

export class BusinessEvents {
  private readonly unsubscribe: () => void;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    hub: Hub,
    private readonly facts: ConsentFacts,
    private readonly status: MessageStatus,
    private readonly webhooks: WebhookService,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = hub.subscribe((event) => {
      const kind = parseDocName(event.doc)?.kind;
      if (kind !== 'conv' && kind !== 'prefs') return;
      this.queue = this.queue
        .then(() => (kind === 'conv' ? this.conversation(event) : this.preferences(event)))
        .catch((error: unknown) =>
          this.logger.error({ err: error, doc: event.doc }, 'webhook event failed'),
        );
    });
  }

  settled(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.unsubscribe();
  }

  private async conversation(event: CommittedUpdate): Promise<void> {
    const { messages, receipts } = decodeConversationUpdate(event.update);
    if (messages.length === 0 && receipts.length === 0) return;
    const head = headDocName(event.doc);
    // Only a chat with a business has API messages and customers: private chats cost nothing.
    const participants = await this.facts.participants(head);
    const business = participants.find((p) => p.kind === 'business');
    const customer = participants.find((p) => p.kind === 'person');
    if (!business || !customer) return;
    if (receipts.length > 0) await this.status.refresh(head);
    for (const message of messages) {
      if (message.author !== customer.id) continue;
      await this.webhooks.enqueue(business.id, `received:${message.id}`, 'message.received', {
        messageId: message.id,
        from: customer.phone ?? null,
        kind: message.kind,
        text: plainText(message),
        at: message.at,
      });
    }
  }

  private async preferences(event: CommittedUpdate): Promise<void> {
    const personId = parseDocName(event.doc)!.id;
    const before = await readDocAt(this.db, docName('prefs', personId), event.seq - 1);
    const was = readPreferences(before).optIn;
    Y.applyUpdate(before, event.update);
    const now = readPreferences(before).optIn;
    const changed = Object.keys(now).filter((id) => (was[id] === true) !== (now[id] === true));
    if (changed.length === 0) return;
    const phone = await this.phoneOf(personId);
    for (const businessId of changed) {
      const optedIn = now[businessId] === true;
      await this.webhooks.enqueue(
        businessId,
        `opt:${event.seq}:${personId}`,
        optedIn ? 'customer.opted_in' : 'customer.opted_out',
        { customer: phone, optedIn },
      );
    }
  }

  private async phoneOf(personId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ phone: identities.phone })
      .from(identities)
      .where(eq(identities.id, personId));
    return row?.phone ?? null;
  }
}
