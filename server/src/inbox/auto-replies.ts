/**
 * Greeting and away messages, sent by the server on a business's behalf, so they go out while
 * every device of the business is offline.
 *
 * It listens to the fan-out bus: every committed update to a conversation, from this process or
 * another. When one carries a customer's message to a business, it reads the business's inbox
 * settings (`inbox:<businessId>`) and profile hours and asks `autoRepliesDue`: the greeting on a
 * customer's first contact (their first message, in a chat the business did not start), the away
 * message when the business is closed. A keyword reply (STOP, START…) triggers neither, and does
 * not count as the first contact. With several processes each sees the same update, so the
 * sends are first claimed in `inbox_auto_replies`, together under a lock per conversation — one
 * row per conversation and kind, inserted once for the greeting, moved forward for the away
 * message only when its interval has passed — and only the process whose claim succeeded writes
 * the messages, in order.
 * The message is an ordinary text message authored by the business (numbered after its own in the
 * current epoch and the one before), built as the business's Yjs update and submitted like any
 * (submit/submit.ts): the business gate (the current terms accepted, not suspended), the consent
 * rules — the customer just wrote, so only a block or a suspension stops it — and the validator.
 * A refused one gives its claim back, like a failed one.
 */
import * as Y from 'yjs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  appendText,
  autoRepliesDue,
  conversationParts,
  docName,
  epochDocName,
  headDocName,
  inboxDocName,
  isKeywordReply,
  isOpenAt,
  readAutoReplies,
  readEpoch,
  readProfile,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { inboxAutoReplies } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { CommittedUpdate, Hub } from '../sync/hub.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import { messagesIn } from '../consent/messages-in.ts';
import type { BusinessGate } from '../business/business-gate.ts';
import type { ServerWrite } from '../submit/submit.ts';

const hourMs = 60 * 60 * 1000;
/** Keyword replies a first contact may follow (past that, it is not one: the head is not read). */
const maxKeywordsBeforeFirstContact = 8;

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
    private readonly write: ServerWrite,
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
    // A keyword reply (STOP, START…) is an answer to the platform, not a conversation: it never
    // triggers a greeting or an away message (issue 13).
    const fromCustomer = messages.filter((m) => m.author === customer.id && !isKeywordReply(m));
    if (fromCustomer.length === 0) return;

    const settings = await this.derived(inboxDocName(business.id), readAutoReplies);
    if (!settings.greeting.enabled && !settings.away.enabled) return;
    const now = this.clock.now();
    const hours = await this.derived(docName('profile', business.id), (d) => readProfile(d).hours);
    const first = Math.min(...fromCustomer.map((m) => m.n));
    const firstContact =
      settings.greeting.enabled &&
      first <= maxKeywordsBeforeFirstContact + 1 &&
      (await this.firstWords(head, business.id, customer.id, first));
    const open = hours ? isOpenAt(hours, now) : null;
    const due = autoRepliesDue(settings, { firstContact, open });
    // The business gate as the customer's message found it: nothing is claimed for a business
    // that may not write (the submit path checks it again when the reply goes out).
    if (due.length === 0 || (await this.gate(business.id)) !== null) return;

    const claimed = await this.claim(head, due, now, settings.away.everyHours * hourMs);
    for (const [i, { kind, text }] of claimed.entries()) {
      // Not sent: give back this claim and those after it, so the customer's next message
      // tries again.
      const giveBack = () =>
        this.db.delete(inboxAutoReplies).where(
          and(
            eq(inboxAutoReplies.conv, head),
            inArray(
              inboxAutoReplies.kind,
              claimed.slice(i).map((reply) => reply.kind),
            ),
          ),
        );
      let sent;
      try {
        sent = await this.send(head, business.id, text, now);
      } catch (error) {
        await giveBack();
        throw error;
      }
      const { result, value: message } = sent;
      if (result.kind === 'refused') {
        await giveBack();
        this.logger.info({ doc: head, kind, reason: result.reason }, 'auto-reply refused');
        return;
      }
      this.logger.info({ doc: head, kind, message: message.id }, 'auto-reply sent');
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
   * Whether the customer's message numbered `first` is their first contact: the business never
   * wrote (it did not start the chat) and everything the customer sent before was a keyword
   * reply. Their first messages are in the first epoch, so the head holds everything earlier.
   */
  private async firstWords(
    head: string,
    businessId: string,
    customerId: string,
    first: number,
  ): Promise<boolean> {
    const messages = conversationParts(await this.read(head)).messages.toArray();
    if (messages.some((m) => m.author === businessId)) return false;
    return messages
      .filter((m) => m.author === customerId && m.n < first)
      .every((m) => isKeywordReply(m));
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

  /** Submits the business's text message to the conversation's current epoch. */
  private async send(head: string, businessId: string, text: string, now: number) {
    const epoch = readEpoch(await this.read(head));
    const earlier = epoch > 0 ? [await this.read(epochDocName(head, epoch - 1))] : [];
    return this.write(epochDocName(head, epoch), { id: businessId, kind: 'business' }, (doc) =>
      appendText(doc, businessId, text, now, earlier),
    );
  }
}
