/**
 * Who may deliver what to whom: the consent rules of Souk, written once and run by the server on
 * every send path (sync and HTTP) and by the business app to explain a refusal before it happens.
 *
 * Why it is one pure function over a plain description: the server gathers the facts (kinds,
 * preferences, blocks, suspension, the customer's last message time, its own clock) and the rule
 * has no I/O, so a table test can cover every combination. Checks run in a fixed order and the
 * first failing one is the reason, so each refusal names the one thing that would have to change:
 *   1. a suspended business reaches nobody;
 *   2. nobody reaches someone who blocked them, and nobody writes to someone they blocked;
 *   3. businesses do not message other businesses (announcements have their own document);
 *   4. a person can always write to a business or a person;
 *   5. inside the 24-hour window after the customer's last message a business may send anything:
 *      the customer started that conversation, so it is a reply, not a business starting one;
 *   6. outside it, only templates, and only to people with business messages on
 *   7. who opted in to this business.
 * All template categories obey the same consent today; the category is part of the input so a
 * stricter rule for marketing can be added here, in one place.
 */
import { z } from 'zod';
import { templateCategorySchema } from '../templates/category.ts';

export const customerWindowMs = 24 * 60 * 60 * 1000;

/** The reasons `mayDeliver` gives, one per rule. */
export const ruleReasons = [
  'business_suspended',
  'blocked_by_recipient',
  'blocked_recipient',
  'business_to_business',
  'outside_window',
  'business_messages_off',
  'not_opted_in',
] as const;
/** Every reason a send is not delivered: the rules', and a template message that is not genuine. */
export const refusalReasons = [...ruleReasons, 'template_mismatch'] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export const refusalMessages: Record<RefusalReason, string> = {
  business_suspended:
    'This business is suspended and cannot send messages. Contact the platform to restore it.',
  blocked_by_recipient: 'This contact does not accept messages from you.',
  blocked_recipient: 'You blocked this contact. Unblock it to send a message.',
  business_to_business: 'Businesses cannot message other businesses.',
  outside_window:
    "More than 24 hours have passed since the customer's last message. Only templates can be sent now.",
  business_messages_off: 'This person has turned off business messages.',
  not_opted_in: 'This person has not opted in to receive updates from your business.',
  template_mismatch:
    'This template message does not match a published template of yours. Refresh your templates and try again.',
};

/**
 * The reason behind a `not_delivered` error frame, whose message is the reason's sentence (the
 * frame carries no details): null for any other sentence.
 */
export function refusalReasonOf(message: string): RefusalReason | null {
  return refusalReasons.find((reason) => refusalMessages[reason] === message) ?? null;
}

export const partyKindSchema = z.enum(['person', 'business']);

export const outgoingKindSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free_form') }).strict(),
  z.object({ kind: z.literal('template'), category: templateCategorySchema }).strict(),
]);
export type OutgoingKind = z.infer<typeof outgoingKindSchema>;

export const deliveryInputSchema = z
  .object({
    sender: partyKindSchema,
    recipient: partyKindSchema,
    message: outgoingKindSchema,
    /** The recipient's choices about this sender (only consulted when a business writes to a person). */
    recipientPrefs: z.object({ businessMessages: z.boolean(), optedIn: z.boolean() }).strict(),
    /** The recipient blocked the sender. */
    blockedByRecipient: z.boolean(),
    /** The sender blocked the recipient. */
    blockedBySender: z.boolean(),
    /** The business in this conversation (sender or recipient) is suspended. */
    businessSuspended: z.boolean(),
    /** When the customer last wrote to this business, or null if never. */
    lastCustomerMessageAt: z.number().nullable(),
    now: z.number(),
  })
  .strict();
export type DeliveryInput = z.infer<typeof deliveryInputSchema>;

export type DeliveryDecision = { ok: true } | { ok: false; reason: RefusalReason; message: string };

const refuse = (reason: RefusalReason): DeliveryDecision => ({
  ok: false,
  reason,
  message: refusalMessages[reason],
});

/** Whether the customer's last message opens the free-form window at `now`. */
export function insideCustomerWindow(lastCustomerMessageAt: number | null, now: number): boolean {
  return lastCustomerMessageAt !== null && now - lastCustomerMessageAt < customerWindowMs;
}

export function mayDeliver(input: DeliveryInput): DeliveryDecision {
  const { sender, recipient, message, recipientPrefs } = input;
  if (sender === 'business' && input.businessSuspended) return refuse('business_suspended');
  if (input.blockedByRecipient) return refuse('blocked_by_recipient');
  if (input.blockedBySender) return refuse('blocked_recipient');
  if (sender === 'business' && recipient === 'business') return refuse('business_to_business');
  if (sender === 'person') return { ok: true };
  if (insideCustomerWindow(input.lastCustomerMessageAt, input.now)) return { ok: true };
  if (message.kind !== 'template') return refuse('outside_window');
  if (!recipientPrefs.businessMessages) return refuse('business_messages_off');
  if (!recipientPrefs.optedIn) return refuse('not_opted_in');
  return { ok: true };
}
