/**
 * `GET /media/<id>.webp`: uploaded images. The id is the content hash, so a URL's bytes never
 * change: cached for a year, immutable, and revalidated by ETag if a cache asks anyway.
 */
import { Hono } from 'hono';
import { accountRoutes } from '@souk/sync';
import type { MediaService } from '../business/media-service.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import { register } from './contract-route.ts';
import { etagMatches } from './etag.ts';
import { requireSession, type Env } from './session.ts';
import { mediaPolicy } from './security-headers.ts';

const file = /^([A-Za-z0-9_-]{8,64})(?:\.webp)?$/;

export function mediaRoutes(media: MediaService) {
  const routes = new Hono();
  routes.get('/media/:file', async (c) => {
    const id = file.exec(c.req.param('file'))?.[1];
    const image = id ? await media.get(id) : null;
    if (!image) return c.json({ kind: 'not_found', message: 'No such image.' }, 404);
    const etag = `"${id}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Security-Policy', mediaPolicy);
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.body(new Uint8Array(image.data), 200, { 'Content-Type': image.contentType });
  });
  return routes;
}

/**
 * `POST /api/media/images`: a photo for a chat, from anyone signed in (a business through the
 * business gate, as on every business route); the body is the image. Who is asking is checked
 * before the body is looked at.
 */
export function chatImageRoutes(media: MediaService, gate: BusinessGate) {
  const routes = new Hono<Env>();
  const upload = accountRoutes.uploadChatImage;
  routes.on(upload.method, upload.path, async (c, next) => {
    const session = requireSession(c);
    if (session.identity.kind === 'business') await requireBusinessGate(gate, session.identity.id);
    await next();
  });
  register(routes, upload, (c, { upload: { bytes } }) =>
    media.storeChatImage(requireSession(c).identity.id, bytes),
  );
  return routes;
}
