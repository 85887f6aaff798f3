/**
 * The consent rules on the sync path: every update to a conversation document that carries new
 * messages is judged by `mayDeliver` (sync/src/policy/messaging.ts) before the store sees it.
 * Updates without messages (receipts, tombstones) pass untouched. A refusal names the rule's
 * reason; the connection answers `error` kind `not_delivered` and nothing is stored or forwarded.
 * An accepted STOP / START to a business comes back with the follow-up to run once it is stored.
 *
 * It runs outside the store's per-document queue, so facts may change while the update waits:
 * only growing facts (the customer's messages) matter for the window, and the refusal they could
 * lift is re-checked against the database before it is given.
 */
import type * as Y from 'yjs';
import {
  conversationParts,
  deliveryInput,
  detectKeyword,
  epochDocName,
  headDocName,
  lastMessageAt,
  mayDeliver,
  outgoingKindOf,
  parseDocName,
  type Actor,
  type KeywordMatch,
  type Message,
  type Participant,
  type RefusalReason,
} from '@souk/sync';
import type { Clock } from '../clock.ts';
import type { ConsentFacts } from './consent-facts.ts';
import { messagesIn } from './messages-in.ts';

export type DeliveryVerdict =
  /** `afterStored`: what to do once the update is committed (never run for a refused one). */
  | { ok: true; afterStored?: () => Promise<void> }
  | { ok: false; reason: RefusalReason; message: string };

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

/** The gate that lets everything through (tests of other parts, tools). */
export const openDeliveryGate: DeliveryGate = async () => ({ ok: true });

export function deliveryGate(
  facts: ConsentFacts,
  clock: Clock,
  onKeyword: (reply: KeywordReply) => Promise<void>,
): DeliveryGate {
  return async (name, update, actor) => {
    const parsed = parseDocName(name);
    if (parsed?.kind !== 'conv') return { ok: true };
    const carried = messagesIn(update);
    if (carried.length === 0) return { ok: true };

    const current = await facts.conversation(name);
    const known = new Set(conversationMessageIds(current));
    const fresh = carried.filter((m) => !known.has(m.id));
    if (fresh.length === 0) return { ok: true }; // a resend of what is stored already
    const participants = await facts.participants(name, current);
    const sender = participants.find((p) => p.id === actor.id);
    const recipient = participants.find((p) => p.id !== actor.id);
    if (!sender || !recipient) return { ok: true }; // not a party: the validator decides

    const people = [sender, recipient].filter((p) => p.kind === 'person');
    const business = [sender, recipient].find((p) => p.kind === 'business');
    const [prefs, businessFacts] = await Promise.all([
      facts.preferences(people.map((p) => p.id)),
      business ? facts.business(business.id) : Promise.resolve(null),
    ]);
    const customer = sender.kind === 'business' && recipient.kind === 'person' ? recipient : null;
    // The customer's last message: in the epoch written to, or else the one before it.
    const customerLast = async (fromDb: boolean): Promise<number | null> => {
      if (!customer) return null;
      const read = (n: string) => (fromDb ? facts.storedConversation(n) : facts.conversation(n));
      const last = lastMessageAt([fromDb ? await read(name) : current], customer.id);
      if (last !== null || parsed.epoch === 0) return last;
      return lastMessageAt([await read(previousEpoch(name, parsed.epoch))], customer.id);
    };
    const decide = (message: Message, lastCustomerMessageAt: number | null) =>
      mayDeliver(
        deliveryInput({
          sender,
          recipient,
          message: outgoingKindOf(message),
          senderPrefs: prefs.get(sender.id) ?? null,
          recipientPrefs: prefs.get(recipient.id) ?? null,
          businessSuspended: businessFacts?.suspended ?? false,
          lastCustomerMessageAt,
          now: clock.now(),
        }),
      );

    let last = await customerLast(false);
    for (const message of fresh) {
      let decision = decide(message, last);
      if (!decision.ok && decision.reason === 'outside_window') {
        // This process's copy may lag behind another's commit: ask the database before refusing.
        last = await customerLast(true);
        decision = decide(message, last);
      }
      if (!decision.ok) return decision;
    }
    const keyword = keywordIn(name, fresh, sender, recipient);
    return keyword ? { ok: true, afterStored: () => onKeyword(keyword) } : { ok: true };
  };
}

function conversationMessageIds(doc: Y.Doc): string[] {
  return conversationParts(doc)
    .messages.toArray()
    .map((m) => m.id);
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
