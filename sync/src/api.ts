/**
 * Request and response bodies of the HTTP API, validated with the same schemas on both sides.
 * The `app` a request belongs to (personal or business) picks the session cookie, so the two
 * apps on one phone keep separate identities.
 */
import { z } from 'zod';
import { toE164 } from './phone.ts';
import { participantSchema } from './docs/image-message.ts';

export const appSchema = z.enum(['personal', 'business']);
export type App = z.infer<typeof appSchema>;
export const sessionCookieName: Record<App, string> = {
  personal: 'souk_session',
  business: 'souk_business_session',
};

export const phoneSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const e164 = toE164(value);
    if (!e164) {
      ctx.addIssue({
        code: 'custom',
        message: 'Enter a phone number in international format, e.g. +34 612 345 678',
      });
      return z.NEVER;
    }
    return e164;
  });

/** `locale`: the language of the SMS (English when absent). */
export const requestCodeSchema = z
  .object({ phone: phoneSchema, locale: z.enum(['en', 'es']).optional() })
  .strict();
export const verifyCodeSchema = z
  .object({
    phone: phoneSchema,
    code: z.string().regex(/^\d{6}$/, 'The code has 6 digits'),
    device: z.string().max(120).optional(),
  })
  .strict();

export { meSchema, type Me } from './contract/routes/session.ts';

export const sessionInfoSchema = z.object({
  id: z.string(),
  /** What the device said it is at sign-in (its user agent, or a client's own name). */
  device: z.string(),
  /** Read from `device` by the server: "Chrome", "Android"; null when it says nothing known. */
  browser: z.string().nullable(),
  os: z.string().nullable(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/**
 * Starting (or reopening) a chat: a person names another person by phone or a business by id; a
 * business names a person by phone, and only a person who opted in to it (see policy/messaging).
 */
export const startChatSchema = z
  .object({
    phone: phoneSchema.optional(),
    businessId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'No such business.')
      .optional(),
  })
  .strict()
  .refine(
    (body) => (body.phone === undefined) !== (body.businessId === undefined),
    'Give either a phone number or a business.',
  );
export type StartChat = z.infer<typeof startChatSchema>;
export const startChatResultSchema = z.object({ doc: z.string(), peer: participantSchema });
export type StartChatResult = z.infer<typeof startChatResultSchema>;

export const outboxEntrySchema = z.object({ phone: z.string(), code: z.string(), at: z.number() });
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
