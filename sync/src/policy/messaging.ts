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
 *   then a business writing to a person, as the person was told (Settings, STOP's confirmation,
 *   the README; docs/protocol.md has the table):
 *
 *   | recipient                          | inside the 24-hour window       | outside it     |
 *   | opted in, business messages on     | free-form, every template       | every template |
 *   | not opted in or sent STOP, on      | free-form, utility, auth.       | nothing        |
 *   | business messages off              | free-form replies only          | nothing        |
 *   | blocked the business               | nothing (rule 2)                | nothing        |
 *
 *   5. outside the window only templates (`outside_window`), and only to people with business
 *      messages on (`business_messages_off`) who opted in (`not_opted_in`);
 *   6. inside it free-form always (it answers the customer), templates only with business
 *      messages on (`business_messages_off`), marketing only with the opt-in (`not_opted_in`).
 */
import { z } from 'zod';
import { templateCategorySchema } from '../templates/category.ts';
import { consentReasons, templateReasons } from '../contract/codes.ts';
import { reasonMessages } from '../contract/messages.ts';

export const customerWindowMs = 24 * 60 * 60 * 1000;

/** The reasons `mayDeliver` gives, one per rule (defined in the contract's one list). */
export const ruleReasons = consentReasons;
/**
 * Every reason a send is not delivered: the rules', a template message that is not genuine, and
 * one that breaks WhatsApp's structure rules (a parameter value with a newline, say).
 */
export const refusalReasons = [...ruleReasons, 'template_mismatch', ...templateReasons] as const;
export type RefusalReason = (typeof refusalReasons)[number];

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
  message: reasonMessages[reason],
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
  const inside = insideCustomerWindow(input.lastCustomerMessageAt, input.now);
  if (message.kind !== 'template') return inside ? { ok: true } : refuse('outside_window');
  // A template: never to someone who turned business messages off, even as a reply.
  if (!recipientPrefs.businessMessages) return refuse('business_messages_off');
  // Inside the window utility and authentication need no opt-in; marketing always does.
  const needsOptIn = !inside || message.category === 'marketing';
  if (needsOptIn && !recipientPrefs.optedIn) return refuse('not_opted_in');
  return { ok: true };
}
