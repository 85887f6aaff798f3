/**
 * The consent rules on the sync path: every update to a conversation document that carries
 * messages is judged by `mayDeliver` (sync/src/policy/messaging.ts) before the store sees it.
 * A party's reactions and edits are judged as free-form messages (a business reacts or edits
 * inside the customer's window only); other updates (receipts, tombstones) pass untouched. A refusal names the rule's
 * reason; nothing is stored or forwarded (submit/submit.ts runs this on every path). An accepted
 * STOP / START to a business comes back as `keyword`, for the submit path to apply once stored.
 *
 * It runs outside the store's per-document queue, so facts may change while the update waits:
 * preferences and suspension are read from the database for each update; the customer's last
 * message only grows, and the refusal it could lift is re-checked against the database before
 * it is given (last-messages.ts).
 */
import {
  deliveryInput,
  detectKeyword,
  epochDocName,
  headDocName,
  mayDeliver,
  outgoingKindOf,
  parseDocName,
  type Actor,
  type KeywordMatch,
  type Message,
  type OutgoingKind,
  type Participant,
  type RefusalReason,
} from '@souk/sync';
import type { Clock } from '../clock.ts';
import type { ConsentFacts } from './consent-facts.ts';
import type { LastMessages } from './last-messages.ts';
import { actionsIn, messagesIn } from './messages-in.ts';

export type DeliveryVerdict =
  /** `keyword`: a STOP / START to apply once the update is committed (never for a refused one). */
  { ok: true; keyword?: KeywordReply } | { ok: false; reason: RefusalReason; message: string };

/** A STOP / START a person sent to a business: what the server does once it is stored. */
export interface KeywordReply {
  doc: string;
  personId: string;
  businessId: string;
  match: KeywordMatch;
}

export type DeliveryGate = (
  doc: string,
  update: Uint8Array,
  actor: Actor,
) => Promise<DeliveryVerdict>;

/**
 * The judgement itself: may `actor` add `messages` (and `actions` reactions or edits, judged as
 * free-form messages) to the conversation document `doc`?
 */
export type DeliveryJudge = (
  doc: string,
  messages: Message[],
  actor: Actor,
  actions?: number,
) => Promise<DeliveryVerdict>;

/** The sync path: the messages an update carries, judged. */
export function deliveryGate(judge: DeliveryJudge): DeliveryGate {
  // Every message of the sender's the update carries is judged, stored already or not: Yjs skips
  // what the server has, but a message id proves nothing (a client chooses it), so resends are
  // judged again under today's facts. Others' messages in it are either already stored (a device
  // may send them back) or forged, which the validator refuses.
  return async (doc, update, actor) => {
    if (parseDocName(doc)?.kind !== 'conv') return { ok: true };
    const messages = messagesIn(update).filter((m) => m.author === actor.id);
    const actions = actionsIn(update, actor.id);
    return messages.length === 0 && actions === 0
      ? { ok: true }
      : judge(doc, messages, actor, actions);
  };
}

export function deliveryJudge(
  facts: ConsentFacts,
  lastMessages: LastMessages,
  clock: Clock,
): DeliveryJudge {
  return async (name, messages, actor, actions = 0) => {
    const parsed = parseDocName(name);
    if (parsed?.kind !== 'conv' || messages.length + actions === 0) return { ok: true };
    const participants = await facts.participants(name);
    const sender = participants.find((p) => p.id === actor.id);
    const recipient = participants.find((p) => p.id !== actor.id);
    if (!sender || !recipient) return { ok: true }; // not a party: the validator decides

    const people = [sender, recipient].filter((p) => p.kind === 'person');
    const business = [sender, recipient].find((p) => p.kind === 'business');
    const [prefs, businessFacts] = await Promise.all([
      facts.preferences(people.map((p) => p.id)),
      business ? facts.business(business.id) : Promise.resolve(null),
    ]);
    // The customer's window matters only when a business writes to a person.
    const customer = sender.kind === 'business' && recipient.kind === 'person' ? recipient : null;
    const epochs = (fromDb: boolean) => () => {
      const read = (n: string) => (fromDb ? facts.storedConversation(n) : facts.conversation(n));
      const names = parsed.epoch > 0 ? [name, previousEpoch(name, parsed.epoch)] : [name];
      return Promise.all(names.map(read));
    };
    const decide = (message: OutgoingKind, lastCustomerMessageAt: number | null) =>
      mayDeliver(
        deliveryInput({
          sender,
          recipient,
          message,
          senderPrefs: prefs.get(sender.id) ?? null,
          recipientPrefs: prefs.get(recipient.id) ?? null,
          businessSuspended: businessFacts?.suspended ?? false,
          lastCustomerMessageAt,
          now: clock.now(),
        }),
      );

    let last = customer ? await lastMessages.lastAt(name, customer.id, epochs(false)) : null;
    const kinds = messages.map(outgoingKindOf);
    if (actions > 0) kinds.push({ kind: 'free_form' });
    for (const message of kinds) {
      let decision = decide(message, last);
      if (!decision.ok && decision.reason === 'outside_window' && customer) {
        // A copy may lag behind another process's commit: ask the database before refusing.
        last = await lastMessages.refresh(name, customer.id, epochs(true));
        decision = decide(message, last);
      }
      if (!decision.ok) return decision;
    }
    const keyword = keywordIn(name, messages, sender, recipient);
    return keyword ? { ok: true, keyword } : { ok: true };
  };
}

function previousEpoch(name: string, epoch: number): string {
  return epochDocName(headDocName(name), epoch - 1);
}

/** The last STOP / START keyword a person sent to a business in these messages, if any. */
function keywordIn(
  doc: string,
  messages: Message[],
  sender: Participant,
  recipient: Participant,
): KeywordReply | null {
  if (sender.kind !== 'person' || recipient.kind !== 'business') return null;
  let match: KeywordMatch | null = null;
  for (const message of messages) {
    if (message.kind === 'text') match = detectKeyword(message.text) ?? match;
  }
  return match ? { doc, personId: sender.id, businessId: recipient.id, match } : null;
}
