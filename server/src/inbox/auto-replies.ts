/**
 * Greeting and away messages, sent by the server on a business's behalf, so they go out while
 * every device of the business is offline.
 *
 * It listens to the fan-out bus: every committed update to a conversation, from this process or
 * another. When one carries a customer's message to a business, it reads the business's inbox
 * settings (`inbox:<businessId>`) and profile hours and asks `autoRepliesDue`: the greeting on a
 * customer's first contact (their first message, in a chat the business did not start), the away
 * message when the business is closed. With several processes each sees the same update, so the
 * sends are first claimed in `inbox_auto_replies`, together under a lock per conversation — one
 * row per conversation and kind, inserted once for the greeting, moved forward for the away
 * message only when its interval has passed — and only the process whose claim succeeded writes
 * the messages, in order.
 * The message is an ordinary text message authored by the business (numbered after its own in the
 * current epoch and the one before), behind the same business gate as anything the business sends
 * (the current terms accepted, not suspended) and judged by the same consent rules as any: the
 * customer just wrote, so only a block or a suspension stops it.
 */
import * as Y from 'yjs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  appendText,
  autoRepliesDue,
  conversationParts,
  deliveryInput,
  docName,
  epochDocName,
  headDocName,
  inboxDocName,
  isOpenAt,
  mayDeliver,
  readAutoReplies,
  readEpoch,
  readProfile,
  type Message,
  type Participant,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { inboxAutoReplies } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { CommittedUpdate, Hub } from '../sync/hub.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import type { BusinessGate } from '../business/business-gate.ts';
import { messagesIn } from '../consent/messages-in.ts';

const hourMs = 60 * 60 * 1000;

type Due = ReturnType<typeof autoRepliesDue>[number];
const maxCached = 10_000;
const emptyStateVector = Y.encodeStateVector(new Y.Doc());

export class AutoReplies {
  private readonly unsubscribe: () => void;
  /** Events are handled one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  /**
   * What each business's inbox and profile documents say (settings, hours), read once and
   * forgotten when the bus carries a change to the document, so a customer's message costs no
   * copy of them. `changes` counts those, so a read that raced a change is not kept.
   */
  private readonly cache = new Map<string, unknown>();
  private readonly changes = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
    hub: Hub,
    private readonly facts: ConsentFacts,
    private readonly gate: BusinessGate,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = hub.subscribe((event) => {
      if (event.doc.startsWith('inbox:') || event.doc.startsWith('profile:')) {
        this.cache.delete(event.doc);
        this.changes.set(event.doc, (this.changes.get(event.doc) ?? 0) + 1);
      }
      if (!event.doc.startsWith('conv:')) return;
      this.queue = this.queue
        .then(() => this.handle(event))
        .catch((error: unknown) =>
          this.logger.error({ err: error, doc: event.doc }, 'auto-reply failed'),
        );
    });
  }

  /** Resolves once every event received so far has been handled (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.unsubscribe();
  }

  private async handle(event: CommittedUpdate): Promise<void> {
    const messages = messagesIn(event.update).filter((m) => m.kind !== 'system');
    if (messages.length === 0) return;
    const head = headDocName(event.doc);
    const participants = await this.facts.participants(head);
    const business = participants.find((p) => p.kind === 'business');
    const customer = participants.find((p) => p.kind === 'person');
    if (!business || !customer) return;
    const fromCustomer = messages.filter((m) => m.author === customer.id);
    if (fromCustomer.length === 0) return;

    const settings = await this.derived(inboxDocName(business.id), readAutoReplies);
    if (!settings.greeting.enabled && !settings.away.enabled) return;
    const now = this.clock.now();
    const hours = await this.derived(docName('profile', business.id), (d) => readProfile(d).hours);
    const firstContact =
      fromCustomer.some((m) => m.n === 1) && !(await this.businessWrote(head, business.id));
    const open = hours ? isOpenAt(hours, now) : null;
    const due = autoRepliesDue(settings, { firstContact, open });
    if (due.length === 0 || !(await this.mayWrite(business, customer, now))) return;

    const claimed = await this.claim(head, due, now, settings.away.everyHours * hourMs);
    for (const [i, { kind, text }] of claimed.entries()) {
      try {
        const sent = await this.send(head, business.id, text, now);
        this.logger.info({ doc: head, kind, message: sent?.id }, 'auto-reply sent');
      } catch (error) {
        // Not sent: give back this claim and those after it, so the customer's next message
        // tries again.
        const unsent = claimed.slice(i).map((reply) => reply.kind);
        await this.db
          .delete(inboxAutoReplies)
          .where(and(eq(inboxAutoReplies.conv, head), inArray(inboxAutoReplies.kind, unsent)));
        throw error;
      }
    }
  }

  private async derived<T>(name: string, derive: (doc: Y.Doc) => T): Promise<T> {
    if (this.cache.has(name)) return this.cache.get(name) as T;
    const before = this.changes.get(name) ?? 0;
    const value = derive(await this.read(name));
    if ((this.changes.get(name) ?? 0) === before) {
      if (this.cache.size >= maxCached) this.cache.clear();
      this.cache.set(name, value);
    }
    return value;
  }

  private async read(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await this.store.diff(name, emptyStateVector)).update);
    return doc;
  }

  /**
   * Whether the business already wrote in the conversation (it started the chat): then the
   * customer's first message is an answer, not a first contact. Their first message is in the
   * first epoch, so the head holds everything earlier.
   */
  private async businessWrote(head: string, businessId: string): Promise<boolean> {
    const messages = conversationParts(await this.read(head)).messages.toArray();
    return messages.some((m) => m.author === businessId);
  }

  /**
   * The business gate, then the consent rules for a free-form message from the business, the
   * customer having just written.
   */
  private async mayWrite(business: Participant, customer: Participant, now: number) {
    if ((await this.gate(business.id)) !== null) return false;
    const [prefs, facts] = await Promise.all([
      this.facts.preferences([customer.id]),
      this.facts.business(business.id),
    ]);
    return mayDeliver(
      deliveryInput({
        sender: business,
        recipient: customer,
        message: { kind: 'free_form' },
        senderPrefs: null,
        recipientPrefs: prefs.get(customer.id) ?? null,
        businessSuspended: facts?.suspended ?? true,
        lastCustomerMessageAt: now,
        now,
      }),
    ).ok;
  }

  /**
   * Claims the sends due: the greeting once per conversation; the away message when none was
   * sent in the last `everyMs`. Under one lock per conversation, so of several processes exactly
   * one claims each, and whoever wins the greeting also holds the away message due with it: the
   * two arrive in that order. A lost greeting means another process is answering this message.
   */
  private async claim(conv: string, due: Due[], now: number, everyMs: number): Promise<Due[]> {
    const t = inboxAutoReplies;
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`auto-reply:${conv}`}))`);
      const claimed: Due[] = [];
      for (const reply of due) {
        const insert = tx.insert(t).values({ conv, kind: reply.kind, sentAt: now });
        const rows =
          reply.kind === 'greeting'
            ? await insert.onConflictDoNothing().returning({ conv: t.conv })
            : await insert
                .onConflictDoUpdate({
                  target: [t.conv, t.kind],
                  set: { sentAt: now },
                  setWhere: and(eq(t.kind, 'away'), sql`${t.sentAt} <= ${now - everyMs}`),
                })
                .returning({ conv: t.conv });
        if (rows.length > 0) claimed.push(reply);
        else if (reply.kind === 'greeting') break;
      }
      return claimed;
    });
  }

  /** Appends the business's text message to the conversation's current epoch. */
  private async send(head: string, businessId: string, text: string, now: number) {
    const epoch = readEpoch(await this.read(head));
    const earlier = epoch > 0 ? [await this.read(epochDocName(head, epoch - 1))] : [];
    let sent: Message | null = null;
    await this.store.writeAsServer(epochDocName(head, epoch), (doc) => {
      sent = appendText(doc, businessId, text, now, earlier);
    });
    return sent as Message | null;
  }
}
