/**
 * Web Push, the parts both sides share: what a browser registers (its `PushSubscription` as
 * JSON), the server's public VAPID key, and the small payload a push carries. The payload names
 * the conversation and the app rather than a URL, so the service worker opens a page it builds
 * itself with `chatPath` — the same function the tests check — and never a URL from outside.
 */
import { z } from 'zod';
import { appSchema, type App } from './api.ts';
import { parseDocName } from './docs/names.ts';

const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'Expected base64url.');

/** `PushSubscription.toJSON()`: a P-256 public key (65 bytes) and a 16-byte auth secret. */
export const pushSubscriptionSchema = z
  .object({
    endpoint: z.url().max(2048),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64url(86, 88), auth: base64url(22, 24) }).strict(),
  })
  .strict();
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

export const pushUnsubscribeSchema = z.object({ endpoint: z.url().max(2048) }).strict();

/** `GET /api/push/key`: the server's VAPID public key, the browser's `applicationServerKey`. */
export const pushKeySchema = z.object({ publicKey: base64url(86, 88) });
export type PushKey = z.infer<typeof pushKeySchema>;

export const pushTitleMax = 64;
export const pushBodyMax = 160;

/** What one push carries (encrypted for the browser): a new message in `doc`, shown by `app`. */
export const pushPayloadSchema = z
  .object({
    doc: z.string().min(1).max(80),
    app: appSchema,
    title: z.string().max(pushTitleMax),
    body: z.string().max(pushBodyMax),
  })
  .strict();
export type PushPayload = z.infer<typeof pushPayloadSchema>;

/** The page of a conversation document (any epoch) in an app; null for other documents. */
export function chatPath(app: App, doc: string): string | null {
  const parsed = parseDocName(doc);
  if (parsed?.kind !== 'conv') return null;
  return app === 'business' ? `/business/chat/${parsed.id}` : `/chat/${parsed.id}`;
}

/** `text` on one line, cut to `max` characters with an ellipsis. */
export function pushExcerpt(text: string, max = pushBodyMax): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
