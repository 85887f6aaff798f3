/**
 * Download links for the media a webhook event names (docs/business-api.md, "Media links"):
 * `<origin>/media/<id>?business=<id>&expires=<unix s>&signature=<hex>`, an HMAC-SHA256 of
 * `<media id>.<business id>.<expires>` with the business's webhook secret. A link is made when
 * the event is POSTed (each attempt gets a fresh one), works without a session or an API key
 * until it expires, and only for media of a chat the business is in. Setting the webhook again
 * (a new secret) ends every link made before.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { refusalError } from '@souk/sync';
import type { Clock } from '../clock.ts';

/** The query a signed link carries. */
export interface MediaLinkQuery {
  business?: string | undefined;
  expires?: string | undefined;
  signature?: string | undefined;
}

const mac = (secret: string, mediaId: string, businessId: string, expires: number) =>
  createHmac('sha256', secret).update(`${mediaId}.${businessId}.${expires}`).digest('hex');

/** The path and query of a link to `mediaId` (`<id>.webp` for images) valid until `expires`. */
export function signMediaLink(
  secret: string,
  file: string,
  businessId: string,
  expires: number,
): string {
  const mediaId = file.replace(/\.webp$/, '');
  const query = new URLSearchParams({
    business: businessId,
    expires: String(expires),
    signature: mac(secret, mediaId, businessId, expires),
  });
  return `/media/${file}?${query}`;
}

export const invalidLink = () => refusalError('forbidden', { code: 'media_link_invalid' });

/**
 * The business a signed link was made for, once its signature and expiry are checked; throws
 * `media_link_invalid` (tampered, unknown business, secret changed) or `media_link_expired`.
 */
export async function checkMediaLink(
  mediaId: string,
  query: MediaLinkQuery,
  secretOf: (businessId: string) => Promise<string | null>,
  clock: Clock,
): Promise<string> {
  const { business, expires, signature } = query;
  if (!business || !expires || !signature || !/^\d{1,12}$/.test(expires)) throw invalidLink();
  const secret = await secretOf(business);
  if (!secret) throw invalidLink();
  const expected = Buffer.from(mac(secret, mediaId, business, Number(expires)), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidLink();
  if (Number(expires) * 1000 <= clock.now())
    throw refusalError('forbidden', {
      code: 'media_link_expired',
      details: { expiredAt: Number(expires) * 1000 },
    });
  return business;
}

/** Media fields of an event's message, by kind: the field and the name its link goes under. */
const mediaFields: Record<string, [field: string, link: string][]> = {
  voice: [['media', 'downloadUrl']],
  audio: [['media', 'downloadUrl']],
  document: [
    ['media', 'downloadUrl'],
    ['preview', 'previewDownloadUrl'],
  ],
  video: [
    ['media', 'downloadUrl'],
    ['poster', 'posterDownloadUrl'],
  ],
  image: [
    ['url', 'downloadUrl'],
    ['thumb', 'thumbDownloadUrl'],
  ],
};

/**
 * The event's payload with a signed link beside each media id it names (`downloadUrl`,
 * `posterDownloadUrl`…) and `downloadUrlsExpireAt`; other events unchanged.
 */
export function withMediaLinks(
  payload: unknown,
  link: { secret: string; origin: string; expiresAt: number },
): unknown {
  const event = payload as { businessId?: string; data?: Record<string, unknown> };
  const data = event.data;
  const kind = typeof data?.['kind'] === 'string' ? data['kind'] : '';
  const content = data?.[kind] as Record<string, unknown> | undefined;
  if (!event.businessId || !content || !mediaFields[kind]) return payload;
  const expires = Math.floor(link.expiresAt / 1000);
  const linked: Record<string, unknown> = { ...content };
  for (const [field, name] of mediaFields[kind]) {
    const value = content[field];
    if (typeof value !== 'string') continue;
    const file = value.replace(/^\/media\//, '');
    linked[name] = link.origin + signMediaLink(link.secret, file, event.businessId, expires);
  }
  return {
    ...event,
    data: { ...data, [kind]: linked, downloadUrlsExpireAt: expires * 1000 },
  };
}
