/**
 * A business's opted-in customers (`/api/business/customers`): a search over the people who opted
 * in to it — by phone digits, by their display name, or by the labels their chat carries (a
 * label's id, or words of its name) — a page at a time, and starting (or reopening) the chat
 * with one of them.
 *
 * Why it is shaped so: the list comes from the server's index of opt-ins, which people write in
 * their own preferences documents, so a business learns only who agreed to hear from it; a
 * customer is named by id, never by phone, and starting a chat with an id that is not an
 * opted-in customer of this business is refused with the consent rules' `not_opted_in` whatever
 * the id names (nobody learns who is on Souk). Pages are bounded (at most 50) and go by a cursor.
 */
import { z } from 'zod';
import { startChatResultSchema } from '../../api.ts';
import { route } from '../route.ts';

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'No such customer.');

export const customerLimits = { query: 64, page: 50, defaultPage: 20 } as const;

export const customerSearchQuerySchema = z
  .object({
    /** Phone digits, or words of a customer's name or a label's name; empty: everyone. */
    q: z
      .string()
      .trim()
      .max(customerLimits.query, `Search with at most ${customerLimits.query} characters.`)
      .default(''),
    /** Only customers whose chat carries this label. */
    label: idSchema.optional(),
    /** The `next` of the previous page. */
    after: z
      .string()
      .regex(/^\+?[0-9]{1,20}~[A-Za-z0-9_-]{1,64}$/, 'Not a page of this list.')
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(customerLimits.page)
      .default(customerLimits.defaultPage),
  })
  .strict();
export type CustomerSearchQuery = z.input<typeof customerSearchQuerySchema>;

export const customerSchema = z.object({
  id: z.string(),
  phone: z.string(),
  /** Their display name (their profile's), when they set one. */
  name: z.string().nullable(),
  /** The ids of the labels their chat carries (the app shows the business's own names). */
  labels: z.array(z.string()),
  /** Their chat with this business, when there is one already. */
  doc: z.string().nullable(),
});
export type Customer = z.infer<typeof customerSchema>;

export const customerPageSchema = z.object({
  customers: z.array(customerSchema),
  /** The cursor of the next page, or null at the end. */
  next: z.string().nullable(),
});
export type CustomerPage = z.infer<typeof customerPageSchema>;

export const customerRoutes = {
  search: route({
    method: 'GET',
    path: '/business/customers',
    query: customerSearchQuerySchema,
    response: customerPageSchema,
  }),
  /** Refused (`not_delivered`, the consent rule's reason) unless they opted in and may be reached. */
  startChat: route({
    method: 'POST',
    path: '/business/customers/:id/chat',
    response: startChatResultSchema,
  }),
};
