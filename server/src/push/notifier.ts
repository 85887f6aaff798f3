/**
 * Sends a notification for every new message, to the other party's browsers.
 *
 * It listens to the fan-out bus, so it sees exactly the committed updates: a refused update is
 * never committed, hence never notified. Every process sees every commit, and a device may
 * resend a message the server already has inside a new update, so each (conversation, message)
 * is first claimed in `push_claims` — only the process whose insert succeeded sends, once.
 *
 * Each push is encrypted for the browser (aes128gcm, RFC 8291) and signed with the server's VAPID
 * key by `web-push`, and POSTed through the address guard (webhooks/guarded-post.ts): no
 * redirects, a timeout, the name resolved once and the push sent to the public address checked. A push service answering 404 or 410
 * has dropped the subscription, so we drop it too. System messages (the platform confirming a
 * STOP to the person who sent it) are not notified, nor a person who muted the chat (their
 * preferences document, read once per batch; sync/src/docs/chat-controls.ts).
 */
import { eq, lt } from 'drizzle-orm';
import type * as Y from 'yjs';
import webpush from 'web-push';
import {
  chatPath,
  headDocName,
  mutedIn,
  parseDocName,
  plainText,
  pushExcerpt,
  pushTitleMax,
  type Message,
  type PushPayload,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses, identities, pushClaims } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Hub } from '../sync/hub.ts';
import { messagesIn } from '../consent/messages-in.ts';
import type { PushSubscriptions, PushTarget } from './subscriptions.ts';
import type { VapidKeys } from './vapid.ts';
import { pushGuard, type EndpointPolicy } from './endpoint.ts';
import { guardedPost } from '../webhooks/guarded-post.ts';
import { BatchQueue } from '../db/batch-queue.ts';

/** A committed update's new messages, in the conversation `doc` (its head). */
interface NewMessages {
  doc: string;
  messages: Message[];
}

const dayMs = 24 * 60 * 60 * 1000;
/** Claims older than this are forgotten; a resend after that long is already a duplicate. */
const claimTtlMs = 7 * dayMs;
const maxSends = 16;
/** How long a batch of commits gathers before their recipients' subscriptions are read. */
const gatherMs = 100;

export interface PushNotifierDeps {
  db: Db;
  hub: Hub;
  store: DocStore;
  subscriptions: PushSubscriptions;
  keys: VapidKeys;
  /** The VAPID contact (`mailto:` or `https:`). */
  subject: string;
  /** Where pushes may go (the address guard's rules for push). */
  policy: EndpointPolicy;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  /** Told of each push that could not be sent (metrics). */
  onFailure?: (reason: PushFailure) => void;
  /** Where a recipient's mutes are read; without it, every chat notifies. */
  preferences?: ReadPreferences;
}

/** The preferences documents of these identities, by id (empty documents for businesses). */
export type ReadPreferences = (ids: string[]) => Promise<Map<string, Y.Doc>>;

/** Why a push was not sent: no answer, a refusal by the push service, or our own error. */
export type PushFailure = 'network' | 'refused' | 'error';

export class PushNotifier {
  private readonly unsubscribe: () => void;
  private readonly pending = new Set<Promise<void>>();
  private readonly pruneTimer: NodeJS.Timeout;
  /**
   * Commits are looked at a batch at a time — a broadcast is thousands at once, a busy server
   * hundreds a second — with one read of the recipients' subscriptions per batch; sends overlap.
   * A batch gathers commits for `gatherMs`: a push may wait that long, and a busy server would
   * otherwise read subscriptions for nearly every commit.
   */
  private readonly commits = new BatchQueue<NewMessages, void>(
    async (batch) => {
      await this.onMessages(batch);
      return batch.map(() => undefined);
    },
    { gatherMs },
  );
  private sending = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly deps: PushNotifierDeps) {
    this.unsubscribe = deps.hub.subscribe((event) => {
      if (parseDocName(event.doc)?.kind !== 'conv') return;
      const messages = messagesIn(event.update).filter((m) => m.kind !== 'system');
      if (messages.length === 0) return; // receipts, tombstones
      this.track(this.commits.add({ doc: headDocName(event.doc), messages }));
    });
    this.pruneTimer = setInterval(() => this.track(this.prune()), 60 * 60 * 1000);
    this.pruneTimer.unref();
  }

  private track(task: Promise<void>): void {
    const settled = task.catch((error: unknown) => {
      this.deps.onFailure?.('error');
      this.deps.logger.error({ err: error }, 'push failed');
    });
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
  }

  private async onMessages(batch: NewMessages[]): Promise<void> {
    const toNotify = await Promise.all(
      batch.map(async ({ doc, messages }) => {
        const members = [...(await this.deps.store.members(doc))];
        return messages.map((message) => ({
          doc,
          message,
          recipients: members.filter((id) => id !== message.author),
        }));
      }),
    );
    const all = toNotify.flat();
    const targets = await this.deps.subscriptions.of([
      ...new Set(all.flatMap((m) => m.recipients)),
    ]);
    const muted = await this.mutedBy(targets, all);
    for (const { doc, message, recipients } of all) {
      const theirs = targets.filter(
        (target) =>
          recipients.includes(target.identityId) && !muted.has(`${target.identityId} ${doc}`),
      );
      if (theirs.length === 0) continue;
      if (!(await this.claim(`${doc}/${message.id}`))) continue;
      const title = await this.senderLabel(message.author);
      const body = pushExcerpt(plainText(message));
      for (const target of theirs)
        this.track(this.limited(() => this.send(target, { doc, app: target.app, title, body })));
    }
  }

  /**
   * Who muted which of these chats, as `<person> <conv>` (now: until a time still to come, or
   * always). Only people have preferences, so only their personal-app browsers are looked up.
   */
  private async mutedBy(
    targets: PushTarget[],
    all: Array<{ doc: string; recipients: string[] }>,
  ): Promise<Set<string>> {
    const muted = new Set<string>();
    const read = this.deps.preferences;
    const people = [
      ...new Set(targets.filter((t) => t.app === 'personal').map((t) => t.identityId)),
    ];
    if (!read || people.length === 0) return muted;
    const prefs = await read(people);
    const now = this.deps.clock.now();
    for (const { doc, recipients } of all) {
      const chat = parseDocName(doc)?.id;
      for (const person of recipients) {
        const mine = prefs.get(person);
        if (chat && mine && mutedIn(mine, chat, now)) muted.add(`${person} ${doc}`);
      }
    }
    return muted;
  }

  /** At most `maxSends` pushes on the wire at once; a finished one hands its slot on. */
  private async limited(task: () => Promise<void>): Promise<void> {
    if (this.sending >= maxSends) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.sending++;
    try {
      await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.sending--;
    }
  }

  private async claim(key: string): Promise<boolean> {
    const claimed = await this.deps.db
      .insert(pushClaims)
      .values({ message: key, at: this.deps.clock.now() })
      .onConflictDoNothing()
      .returning({ message: pushClaims.message });
    return claimed.length > 0;
  }

  /** A business by its name, a person by their phone number. */
  private async senderLabel(author: Message['author']): Promise<string> {
    const [business] = await this.deps.db
      .select({ name: businesses.name })
      .from(businesses)
      .where(eq(businesses.id, author));
    if (business) return business.name.slice(0, pushTitleMax);
    const [identity] = await this.deps.db
      .select({ phone: identities.phone })
      .from(identities)
      .where(eq(identities.id, author));
    return identity?.phone ?? 'Souk';
  }

  private async send(target: PushTarget, payload: PushPayload): Promise<void> {
    const { logger } = this.deps;
    if (chatPath(payload.app, payload.doc) === null) return;
    const request = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: target.keys },
      JSON.stringify(payload),
      {
        vapidDetails: { subject: this.deps.subject, ...this.deps.keys },
        TTL: dayMs / 1000,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
      },
    );
    const outcome = await guardedPost(
      request.endpoint,
      {
        headers: request.headers as Record<string, string>,
        body: request.body ? new Uint8Array(request.body) : '',
        timeoutMs: this.deps.timeoutMs ?? 10_000,
      },
      pushGuard(this.deps.policy),
    );
    const status = outcome.status;
    if (status === null) {
      this.deps.onFailure?.('network');
      logger.warn({ error: outcome.error, endpoint: target.endpoint }, 'push not sent');
      return;
    }
    if (status === 404 || status === 410) {
      await this.deps.subscriptions.dropEndpoint(target.endpoint);
    } else if (status < 200 || status >= 300) {
      this.deps.onFailure?.('refused');
      logger.warn({ status, endpoint: target.endpoint }, 'push service refused a push');
    }
  }

  private async prune(): Promise<void> {
    await this.deps.db
      .delete(pushClaims)
      .where(lt(pushClaims.at, this.deps.clock.now() - claimTtlMs));
  }

  /** Resolves once every push under way has been sent or given up. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.pruneTimer);
  }
}
