/**
 * Webhook events derived from the committed log: a consumer of the one log follower
 * (db/log-follower.ts, cursor `webhooks`), so an event of an acknowledged change is never lost,
 * even if the process dies right after the commit: a receipt moves API messages to delivered /
 * read (api/message-status.ts), a business's message sent through the API is `message.sent`
 * (and its row is marked sent, should the sending process have died before doing so), a
 * customer's message to a business is `message.received`, and a change of `optIn:<businessId>`
 * in a person's preferences is `customer.opted_in` / `customer.opted_out`, and a customer's
 * reaction, edit or deletion for everyone is `message.reaction` / `.edited` / `.deleted`.
 * A stretch of the log may be handled twice (a crash between the effects and the cursor's move,
 * several processes), so the effects are idempotent: each event is queued under a key that is
 * the same everywhere (the message id, the update's sequence number) and the queue keeps one row
 * per key; status moves are conditional updates.
 *
 * A snapshot standing for folded rows (`createdAt` 0) carries a conversation's whole history:
 * only messages younger than the delivery log's memory (whose keys still dedupe) count from it,
 * and preferences count only from their rows (the state before a snapshot is gone).
 */
import * as Y from 'yjs';
import {
  contentOfMessage,
  docName,
  headDocName,
  isEverydayMessage,
  parseDocName,
  plainText,
  readPreferences,
} from '@souk/sync';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { apiMessages, identities } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import type { LogRow } from '../db/committed-log.ts';
import type { LogConsumer } from '../db/log-follower.ts';
import { decodeConversationUpdate } from '../stats/decode.ts';
import { readDocAt } from '../stats/facts.ts';
import type { MessageStatus } from '../api/message-status.ts';
import type { WebhookService } from './webhook-service.ts';
import { actionEvents } from './action-events.ts';

export class BusinessEvents {
  readonly consumer: LogConsumer = {
    name: 'webhooks',
    startAt: 'present',
    effects: 'idempotent',
    handle: async (rows) => {
      for (const row of rows) await this.handle(row);
    },
  };

  constructor(
    private readonly db: Db,
    private readonly facts: ConsentFacts,
    private readonly status: MessageStatus,
    private readonly webhooks: WebhookService,
    private readonly clock: Clock,
    /** How long the delivery log remembers an event's key. */
    private readonly keepMs: number,
  ) {}

  private handle(row: LogRow): Promise<void> {
    const kind = parseDocName(row.doc)?.kind;
    if (kind === 'conv') return this.conversation(row);
    if (kind === 'prefs' && row.createdAt > 0) return this.preferences(row);
    return Promise.resolve();
  }

  private async conversation(row: LogRow): Promise<void> {
    const decoded = decodeConversationUpdate(row.data);
    const since = row.createdAt > 0 ? -Infinity : this.clock.now() - this.keepMs;
    const messages = decoded.messages.filter((m) => m.at >= since && m.kind !== 'deleted');
    const { receipts, actions } = decoded;
    if (messages.length === 0 && receipts.length === 0 && actions.length === 0) return;
    const head = headDocName(row.doc);
    // Only a chat with a business has API messages and customers: private chats cost nothing.
    const participants = await this.facts.participants(head);
    const business = participants.find((p) => p.kind === 'business');
    const customer = participants.find((p) => p.kind === 'person');
    if (!business || !customer) return;
    await this.sentThroughApi(
      head,
      messages.filter((m) => m.author === business.id),
    );
    if (receipts.length > 0) await this.status.refresh(head);
    for (const message of messages) {
      if (message.author !== customer.id || message.kind === 'deleted') continue;
      await this.webhooks.enqueue(business.id, `received:${message.id}`, 'message.received', {
        messageId: message.id,
        from: customer.phone ?? null,
        kind: message.kind,
        text: plainText(message),
        // A location, contact card or media message's own fields, under its kind's name.
        ...(isEverydayMessage(message) ? { [message.kind]: contentOfMessage(message) } : {}),
        // A photo's fields (its links are added when the event is POSTed: media-links.ts).
        ...(message.kind === 'image' ? { image: imageContent(message) } : {}),
        at: message.at,
      });
    }
    await actionEvents(this.db, this.webhooks, row, business, customer, actions, since);
  }

  private async preferences(row: LogRow): Promise<void> {
    const personId = parseDocName(row.doc)!.id;
    const before = await readDocAt(this.db, docName('prefs', personId), row.seq - 1);
    const was = readPreferences(before).optIn;
    Y.applyUpdate(before, row.data);
    const now = readPreferences(before).optIn;
    const changed = Object.keys(now).filter((id) => (was[id] === true) !== (now[id] === true));
    if (changed.length === 0) return;
    const phone = await this.phoneOf(personId);
    for (const businessId of changed) {
      const optedIn = now[businessId] === true;
      await this.webhooks.enqueue(
        businessId,
        `opt:${row.seq}:${personId}`,
        optedIn ? 'customer.opted_in' : 'customer.opted_out',
        { customer: phone, optedIn },
      );
    }
  }

  /**
   * The business's messages that were sent through the API: each row is marked sent (if the
   * sending process did not get to it) and `message.sent` queued.
   */
  private async sentThroughApi(head: string, messages: DecodedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const t = apiMessages;
    const rows = await this.db
      .select()
      .from(t)
      .where(
        inArray(
          t.id,
          messages.map((m) => m.id),
        ),
      );
    for (const row of rows) {
      const message = messages.find((m) => m.id === row.id)!;
      if (row.status === 'pending') {
        await this.db
          .update(t)
          .set({ status: 'sent', conv: head, n: message.n, sentAt: message.at })
          .where(and(eq(t.id, row.id), eq(t.status, 'pending')));
      }
      await this.webhooks.enqueue(row.businessId, `sent:${row.id}`, 'message.sent', {
        messageId: row.id,
        to: row.to,
        kind: row.kind,
        ...(row.kind === 'template' ? { template: row.template, version: versionOf(message) } : {}),
      });
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

type DecodedMessage = ReturnType<typeof decodeConversationUpdate>['messages'][number];

function imageContent(message: Extract<DecodedMessage, { kind: 'image' }>) {
  const { url, thumb, width, height, caption } = message;
  return { url, thumb, width, height, ...(caption ? { caption } : {}) };
}

function versionOf(message: DecodedMessage): number {
  const version = (message as { version?: unknown }).version;
  return typeof version === 'number' ? version : 0;
}
