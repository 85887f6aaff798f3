/**
 * `GET /media/<id>.webp`: uploaded images. The id is the content hash, so a URL's bytes never
 * change: cached for a year, immutable, and revalidated by ETag if a cache asks anyway.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { photoUpload, SoukError } from '@souk/sync';
import { chatImageLimits, type MediaService } from '../business/media-service.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
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
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(new Uint8Array(image.data), 200, { 'Content-Type': image.contentType });
  });
  return routes;
}

/**
 * `POST /api/media/images`: a photo for a chat, from anyone signed in (a business through the
 * business gate, as on every business route); the body is the image.
 */
export function chatImageRoutes(media: MediaService, gate: BusinessGate) {
  const routes = new Hono<Env>();
  routes.post(
    '/media/images',
    bodyLimit({
      maxSize: chatImageLimits.maxBytes,
      onError: () => {
        throw new SoukError('too_large', 'The photo can be at most 10 MB.');
      },
    }),
    async (c) => {
      const session = requireSession(c);
      if (session.identity.kind === 'business')
        await requireBusinessGate(gate, session.identity.id);
      const type = c.req.header('content-type') ?? '';
      if (!(photoUpload.types as readonly string[]).includes(type))
        throw new SoukError('bad_request', 'The photo must be a JPEG, PNG or WebP image.');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await media.storeChatImage(session.identity.id, bytes), 201);
    },
  );
  return routes;
}
