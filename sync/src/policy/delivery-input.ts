/**
 * From documents to `mayDeliver`'s input. The server reads the facts (the conversation's
 * participants and messages, each person's preferences document, the business's status); these
 * pure functions turn them into the rule's plain description, so what "blocked" or "the
 * customer's last message" means is decided here once, next to the rule, and table-tested.
 */
import type * as Y from 'yjs';
import { conversationParts, type Message, type Participant } from '../docs/conversation.ts';
import { preferencesMap, readPreferences, preferencesFor } from '../docs/preferences.ts';
import type { DeliveryInput, OutgoingKind } from './messaging.ts';
import { detectKeyword } from './keywords.ts';

/**
 * How the rules see a message: a template message with its category (checked against the
 * published template before the rules run), anything else free-form — so a business sends a
 * photo, voice note, audio file, document, video, location or contact card only inside the
 * customer's 24-hour window (issue 16).
 */
export function outgoingKindOf(message: Message): OutgoingKind {
  switch (message.kind) {
    case 'template':
      return { kind: 'template', category: message.category };
    case 'text':
    case 'image':
    case 'system':
    case 'voice':
    case 'audio':
    case 'document':
    case 'video':
    case 'location':
    case 'contact':
    case 'deleted':
      return { kind: 'free_form' };
  }
}

/**
 * Whether a message of the customer opens the 24-hour window: the platform's own messages do
 * not, and neither does an opt-out (a STOP must not invite the business to write for a day).
 */
export function opensCustomerWindow(message: Message): boolean {
  if (message.kind === 'system') return false;
  return message.kind !== 'text' || detectKeyword(message.text)?.action !== 'opt_out';
}

/**
 * When the customer last wrote, across the given documents (the epochs of one conversation), or
 * null if never; only messages that open the window count. "When" is the server's receive time,
 * not the author's `at` (only a message stored before receive times existed falls back to it).
 */
export function lastMessageAt(docs: Iterable<Y.Doc>, customerId: string): number | null {
  let last: number | null = null;
  for (const doc of docs) {
    const { messages, received } = conversationParts(doc);
    for (const message of messages) {
      if (message.author !== customerId || !opensCustomerWindow(message)) continue;
      const at = received.get(message.id) ?? message.at;
      if (last === null || at > last) last = at;
    }
  }
  return last;
}

/** Whether the person whose preferences these are blocked `other` (a business or a person). */
export function hasBlocked(prefs: Y.Doc, other: Pick<Participant, 'id' | 'kind'>): boolean {
  const key = other.kind === 'business' ? `blocked:${other.id}` : `blockedPerson:${other.id}`;
  return preferencesMap(prefs).get(key) === true;
}

export interface DeliveryFacts {
  sender: Pick<Participant, 'id' | 'kind'>;
  recipient: Pick<Participant, 'id' | 'kind'>;
  message: OutgoingKind;
  /** Each person's preferences document (absent for businesses, which have none). */
  senderPrefs: Y.Doc | null;
  recipientPrefs: Y.Doc | null;
  /** The business in the conversation is suspended. */
  businessSuspended: boolean;
  lastCustomerMessageAt: number | null;
  now: number;
}

export function deliveryInput(facts: DeliveryFacts): DeliveryInput {
  const { sender, recipient, senderPrefs, recipientPrefs } = facts;
  const choices =
    recipient.kind === 'person' && recipientPrefs
      ? preferencesFor(readPreferences(recipientPrefs), sender.id)
      : { businessMessages: true, optedIn: false };
  return {
    sender: sender.kind,
    recipient: recipient.kind,
    message: facts.message,
    recipientPrefs: { businessMessages: choices.businessMessages, optedIn: choices.optedIn },
    blockedByRecipient:
      recipient.kind === 'person' && recipientPrefs !== null && hasBlocked(recipientPrefs, sender),
    blockedBySender:
      sender.kind === 'person' && senderPrefs !== null && hasBlocked(senderPrefs, recipient),
    businessSuspended: facts.businessSuspended,
    lastCustomerMessageAt: facts.lastCustomerMessageAt,
    now: facts.now,
  };
}
