/**
 * `GET /media/<id>.webp`: uploaded images. Public ones (profile photos, template images) to
 * anyone; a chat's only to a member of its conversation, signed in with either app's session
 * cookie (an `<img>` sends no app header). Anyone else gets the same 404 as for an id that does
 * not exist. A URL's bytes never change: cached for a year (privately for chat media). A webhook's
 * signed link (webhooks/media-links.ts) stands for its business until it expires.
 * Every answer says what it is and how to show it: sniffed type, `nosniff`, `Content-Disposition`
 * and a sandboxing CSP (media/content-policy.ts). A `Range` of one span is answered with 206 and
 * just those bytes (browsers seek in audio and video so), after the same check of who may see it.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { accountRoutes, appSchema, sessionCookieName, SoukError } from '@souk/sync';
import type { AuthService } from '../auth/auth-service.ts';
import type { MediaService } from '../business/media-service.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import { servedAs } from '../media/content-policy.ts';
import type { MediaFiles } from '../media/media-files.ts';
import { register } from './contract-route.ts';
import { etagMatches } from './etag.ts';
import { byteRange, contentRange } from './byte-range.ts';
import { requireSession, type Env } from './session.ts';
import { mediaPolicy } from './security-headers.ts';
import type { Clock } from '../clock.ts';
import { checkMediaLink, invalidLink } from '../webhooks/media-links.ts';

/** `<id>.webp` for images (stored in the database), `<id>` for files kept on disk. */
const file = /^([A-Za-z0-9_-]{8,64})(?:\.webp)?$/;

/** The identities signed in on this browser, one per app whose session cookie it sends. */
async function signedIn(c: Context, auth: AuthService): Promise<string[]> {
  const ids: string[] = [];
  for (const app of appSchema.options) {
    const session = await auth.resolve(getCookie(c, sessionCookieName[app]), app);
    if (session) ids.push(session.identity.id);
  }
  return ids;
}

/** Webhook media links (webhooks/media-links.ts): whose secret signs them, and the clock. */
export interface MediaLinkCheck {
  secretOf: (businessId: string) => Promise<string | null>;
  clock: Clock;
}

export function mediaRoutes(
  media: MediaService,
  auth: AuthService,
  files?: MediaFiles,
  links?: MediaLinkCheck,
) {
  const routes = new Hono();
  routes.get('/media/:file', async (c) => {
    const id = file.exec(c.req.param('file'))?.[1];
    // A signed link stands for its business, checked before anything is looked up.
    const signed = c.req.query('signature') !== undefined;
    if (signed && (!id || !links)) throw invalidLink();
    const viewers = signed
      ? [await checkMediaLink(id!, c.req.query(), links!.secretOf, links!.clock)]
      : null;
    const image = id ? await media.get(id) : null;
    const onDisk = id && !image && files ? await files.get(id) : null;
    const isPublic = image?.scope === 'public';
    const visible =
      (image !== null || onDisk !== null) &&
      (isPublic || (await media.membership.memberSees(id!, viewers ?? (await signedIn(c, auth)))));
    if (!visible) return c.json({ kind: 'not_found', message: 'No such media.' }, 404);
    const etag = `"${id}"`;
    const served = servedAs(image?.contentType ?? onDisk!.contentType);
    c.header('ETag', etag);
    c.header('Cache-Control', `${isPublic ? 'public' : 'private'}, max-age=31536000, immutable`);
    if (!isPublic) c.header('Vary', 'Cookie');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Security-Policy', mediaPolicy);
    const name = image ? `${id}.webp` : id!;
    c.header('Content-Disposition', `${served.disposition}; filename="${name}"`);
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    c.header('Content-Type', served.contentType);
    c.header('Accept-Ranges', 'bytes');
    const size = image ? image.data.length : onDisk!.size;
    // A range of the file this ETag names (If-Range), else the whole file.
    const ifRange = c.req.header('if-range');
    const range =
      ifRange === undefined || ifRange === etag
        ? byteRange(c.req.header('range'), size)
        : ({ kind: 'whole' } as const);
    if (range.kind === 'unsatisfiable') {
      c.header('Content-Range', contentRange(range, size));
      return c.body(null, 416);
    }
    const { start, end } = range.kind === 'part' ? range : { start: 0, end: size - 1 };
    if (range.kind === 'part') c.header('Content-Range', contentRange(range, size));
    c.header('Content-Length', String(end - start + 1));
    const status = range.kind === 'part' ? 206 : 200;
    if (image) return c.body(new Uint8Array(image.data).subarray(start, end + 1), status);
    if (size === 0) return c.body(null, status);
    return c.body(files!.stream(id!, { start, end }), status);
  });
  return routes;
}

/**
 * `POST /api/media/images`: a photo, from anyone signed in (a business through the business
 * gate, as on every business route); the body is the image. For a chat (`?chat=`) only from one
 * of its members. Who is asking is checked before the body is looked at.
 */
export function chatImageRoutes(media: MediaService, gate: BusinessGate) {
  const routes = new Hono<Env>();
  const upload = accountRoutes.uploadChatImage;
  routes.on(upload.method, upload.path, async (c, next) => {
    const session = requireSession(c);
    if (session.identity.kind === 'business') await requireBusinessGate(gate, session.identity.id);
    const chat = c.req.query('chat');
    if (chat !== undefined && !(await media.membership.isMember(chat, session.identity.id)))
      throw SoukError.refusal('forbidden', { code: 'not_a_member' });
    await next();
  });
  register(routes, upload, (c, { upload: { bytes }, query: { chat } }) => {
    const owner = requireSession(c).identity.id;
    return chat === undefined
      ? media.storePublicImage(owner, bytes)
      : media.storeChatImage(owner, bytes, chat);
  });
  return routes;
}
