/**
 * The one way anything enters a document on the server: a device's sync update, the Business
 * API, a broadcast, greeting and away messages, keyword replies, and the server's own
 * structural changes all go through `submit`:
 *
 *   business gate → consent rules (delivery gate) → update validator + commit → acknowledge
 *   → publish → after-stored effects (a keyword's reply, the next epoch)
 *
 * A deleted message's purge is not one of them: it follows the committed log behind every other
 * consumer (purge-deleted.ts), so it never compacts away rows they have not read.
 *
 * Messages the server sends are built as Yjs updates with the devices' document helpers
 * (`write`), on a copy of the stored document, by a Yjs client id of this process bound to the
 * author through the ordinary client-id binding (the validator binds a new client id to the
 * identity that first writes with it). So an API message, a broadcast or an auto-reply is an
 * update in the business's name, judged exactly like one from the business's app.
 *
 * What the server owns itself — a conversation's participants and kind, the epoch it rolls over
 * to, the platform's system messages (a keyword's confirmation), business profiles' platform
 * fields and announcements — is written as the `platform` actor, which the validator knows
 * (sync/src/validator/rules.ts: the platform may write `meta` once / forwards and system
 * messages, nothing a party writes). It takes the same entry; the gates pass it because it is
 * not a party (the business gate is for businesses, the consent rules for a party's messages).
 * Only the platform may also make identities members of a document (`members`), in the commit's
 * transaction. There is no other way to write: the document store validates every update.
 *
 * Server-built writes to one document run one at a time here (each on the copy the previous one
 * left), so this process's client id never writes one clock twice.
 */
import * as Y from 'yjs';
import { createHmac, randomBytes } from 'node:crypto';
import {
  limits,
  messageOf,
  parseDocName,
  platformActor,
  type Actor,
  type MediaLookup,
  type ReasonCode,
} from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { AlsoCommit, MemberGrant } from '../sync/commit-log.ts';
import { rollOver } from '../sync/epochs.ts';
import type { BusinessGate } from '../business/business-gate.ts';
import type { DeliveryGate } from '../consent/delivery-gate.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import { keywordReplies } from '../consent/keyword-replies.ts';
import { receiveTimeStamp } from './receive-times.ts';
import { tooManyForwards, type ForwardLimit } from './forward-limit.ts';
import { withReceiptTimes } from './receipt-times.ts';

/** Which step refused: the business gate, the consent rules, or the validator (or epoch policy). */
export type Stage = 'business' | 'consent' | 'validator';

export type SubmitResult =
  | { kind: 'stored'; seq: number; stateVector: Uint8Array }
  | { kind: 'duplicate'; stateVector: Uint8Array }
  /** `reason`: the contract's reason code (and its details); `message`: its English sentence. */
  | {
      kind: 'refused';
      stage: Stage;
      reason: ReasonCode;
      details?: Record<string, unknown>;
      message: string;
    };

export interface Submission {
  doc: string;
  update: Uint8Array;
  actor: Actor;
  /** The socket that sent it: the fan-out skips it. */
  origin?: object;
  /** Told once the update is committed (or was stored already), before it is published. */
  acknowledge?: (stateVector: Uint8Array) => void;
  /** The platform only: identities made members of a document in the same transaction. */
  members?: MemberGrant;
  /** Built here (`write`), with this process's client id: outside the client-id allowance. */
  serverBuilt?: boolean;
  alsoCommit?: AlsoCommit; // commits with the update or not at all (a broadcast's record)
}

/** A server-built write: `build` runs on a copy of the document, as `actor`. */
export type ServerWrite = <T>(
  doc: string,
  actor: Actor,
  build: (doc: Y.Doc) => T,
  /** `alsoCommit`: given what `build` returned, writes committed in the update's transaction. */
  options?: { members?: MemberGrant; alsoCommit?: (value: T) => AlsoCommit },
) => Promise<{ result: SubmitResult; value: T }>;

export interface SubmitDeps {
  store: DocStore;
  /** Terms accepted, not suspended: every business's write. No default: a server must wire it. */
  businessGate: BusinessGate;
  /** The consent rules (and the template check): every write carrying a party's messages. */
  deliveryGate: DeliveryGate;
  facts: ConsentFacts;
  /** Whose each media id an update names is (media/membership.ts), for the validator's rule. */
  media: { lookupFor(update: Uint8Array): Promise<MediaLookup> };
  /** At most 5 chats at once for a forwarded message (forward-limit.ts). */
  forwards: Pick<ForwardLimit, 'allows'>;
  clock: Clock;
  logger: Logger;
  /** Messages per conversation epoch; a full epoch makes the next one current. */
  epochSize: number;
  /** Bytes per conversation epoch: an epoch this large is full too (default limits.maxEpochBytes). */
  epochBytes?: number;
  /** Told of every outcome and how long it took (metrics). */
  observe?: (result: SubmitResult, seconds: number) => void;
}

export class Submitter {
  /** Keys this process's client ids (see `clientOf`). */
  private readonly clientSecret = randomBytes(32);
  private readonly writing = new Map<string, Promise<unknown>>();
  private readonly effects = new Set<Promise<unknown>>();
  private readonly keywordReply;
  /** Every new message, whichever way it came, gets the server's receive time (receive-times.ts). */
  private readonly stamp = receiveTimeStamp();
  readonly write: ServerWrite = (doc, actor, build, options = {}) =>
    this.serialize(doc, () => this.build(doc, actor, build, options));

  constructor(private readonly deps: SubmitDeps) {
    // The type requires both gates; this stops a caller that cast its way around the type.
    if (typeof deps.businessGate !== 'function' || typeof deps.deliveryGate !== 'function')
      throw new Error('the submit path needs the business gate and the delivery gate');
    if (typeof deps.media?.lookupFor !== 'function')
      throw new Error('the submit path needs the media lookup');
    if (typeof deps.forwards?.allows !== 'function')
      throw new Error('the submit path needs the forward limit');
    this.keywordReply = keywordReplies(this.write, deps.facts, deps.clock, deps.logger);
  }

  /** Runs an update through every step; the result says where it stopped, if it did. */
  async submit(submission: Submission): Promise<SubmitResult> {
    const started = performance.now();
    const result = await this.steps(submission);
    this.deps.observe?.(result, (performance.now() - started) / 1000);
    return result;
  }

  private async steps(submission: Submission): Promise<SubmitResult> {
    const { doc, update, actor, acknowledge } = submission;
    // An empty update (a device answering the server's step 1) writes nothing: no gate applies —
    // a business that has not accepted the terms may still read — and it is acknowledged.
    const empty = writesNothing(update);
    if (!empty && actor.kind === 'business') {
      const refusal = await this.deps.businessGate(actor.id);
      if (refusal)
        return {
          kind: 'refused',
          stage: 'business',
          reason: refusal,
          message: messageOf({ code: refusal }),
        };
    }
    const verdict = empty
      ? { ok: true as const }
      : await this.deps.deliveryGate(doc, update, actor);
    if (!verdict.ok)
      return {
        kind: 'refused',
        stage: 'consent',
        reason: verdict.reason,
        message: verdict.message,
      };
    // The validator is synchronous: the owners of the media the update names are read first.
    const conversation = !empty && parseDocName(doc)?.kind === 'conv';
    if (conversation && !(await this.deps.forwards.allows(actor.id, doc, update)))
      return tooManyForwards();
    const media = conversation ? await this.deps.media.lookupFor(update) : undefined;
    const result = await this.deps.store.apply(doc, update, actor, {
      stamp: this.stamp,
      ...(media ? { media } : {}),
      ...(submission.origin ? { origin: submission.origin } : {}),
      ...(acknowledge ? { acknowledge } : {}),
      ...(submission.members ? { members: submission.members } : {}),
      ...(submission.serverBuilt ? { serverBuilt: true } : {}),
      alsoCommit: withReceiptTimes(submission, this.deps.clock.now()),
    });
    if (result.kind === 'refused')
      return {
        kind: 'refused',
        stage: 'validator',
        reason: result.reason.code,
        details: result.reason.details,
        message: messageOf(result.reason),
      };
    if (result.kind === 'duplicate') {
      acknowledge?.(result.stateVector);
      return result;
    }
    const maxBytes = this.deps.epochBytes ?? limits.maxEpochBytes;
    const full = result.messages >= this.deps.epochSize || result.bytes >= maxBytes;
    if (result.messages > 0 && full)
      this.track(
        rollOver(
          {
            write: this.write,
            membersOf: (head) => this.deps.store.members(head),
            stateVectorOf: (name) => this.deps.store.stateVector(name),
            now: () => this.deps.clock.now(),
          },
          doc,
        ),
      );
    // Awaited (the sender's frames wait for it). A keyword only comes from a person's own
    // message, never from a server-built write, whose document's write queue is held here.
    if (verdict.keyword) await this.keywordReply(verdict.keyword);
    return { kind: 'stored', seq: result.seq, stateVector: result.stateVector };
  }

  /** Resolves once the effects started so far (epoch roll-overs) are done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.effects.size > 0) await Promise.allSettled([...this.effects]);
  }

  private async build<T>(
    doc: string,
    actor: Actor,
    build: (doc: Y.Doc) => T,
    options: { members?: MemberGrant; alsoCommit?: (value: T) => AlsoCommit },
  ): Promise<{ result: SubmitResult; value: T }> {
    const copy = await this.deps.store.copy(doc);
    copy.clientID = this.clientOf(actor.id, doc);
    const before = Y.encodeStateVector(copy);
    let value!: T;
    copy.transact(() => (value = build(copy)));
    const update = Y.encodeStateAsUpdate(copy, before);
    copy.destroy();
    const alsoCommit = options.alsoCommit?.(value);
    const submission = { doc, update, actor, members: options.members, alsoCommit };
    const result = await this.submit({ ...submission, serverBuilt: true });
    return { result, value };
  }

  /**
   * The Yjs client id this process writes with in an identity's name in one document: a keyed
   * hash of both, so it differs per document and a participant who saw it in one chat cannot
   * take it first in another (which would make the server's later writes there refused).
   */
  private clientOf(identity: string, doc: string): number {
    return createHmac('sha256', this.clientSecret)
      .update(identity)
      .update('\0')
      .update(doc)
      .digest()
      .readUInt32BE(0);
  }

  /** Server-built writes to one document run one after another. */
  private serialize<T>(doc: string, task: () => Promise<T>): Promise<T> {
    const previous = this.writing.get(doc) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => {});
    this.writing.set(doc, settled);
    void settled.then(() => {
      if (this.writing.get(doc) === settled) this.writing.delete(doc);
    });
    return next;
  }

  private track(effect: Promise<void>): void {
    const tracked = effect.catch((error: unknown) =>
      this.deps.logger.error({ err: error }, 'after-stored effect failed'),
    );
    this.effects.add(tracked);
    void tracked.then(() => this.effects.delete(tracked));
  }
}

function writesNothing(update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    return false; // malformed: the validator answers it
  }
}

/** A write of the platform's own that must succeed (a refusal is a bug): its value. */
export async function asPlatform<T>(
  write: ServerWrite,
  doc: string,
  build: (doc: Y.Doc) => T,
): Promise<T> {
  const { result, value } = await write(doc, platformActor, build);
  if (result.kind === 'refused')
    throw new Error(`the platform's write to ${doc} was refused: ${result.reason}`);
  return value;
}
