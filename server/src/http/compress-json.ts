/**
 * Compresses API answers over 1 KB (JSON, CSV downloads) as the client accepts: brotli at a
 * fast level, or gzip. Hono's own compress middleware only looks at Content-Length, which a
 * JSON answer does not have yet, so it would compress every tiny answer too. Media (images are
 * compressed already) and the WebSocket upgrade (not an HTTP answer Hono writes) never pass here.
 */
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { MiddlewareHandler } from 'hono';
import { chooseEncoding, varyOnEncoding } from './encoding.ts';

const minBytes = 1024;
const compressible = /^(application\/json|text\/csv|text\/plain)\b/i;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export function compressAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (
      c.req.method === 'HEAD' ||
      res.status === 204 ||
      res.status === 304 ||
      res.body === null ||
      res.headers.has('content-encoding') ||
      !compressible.test(res.headers.get('content-type') ?? '')
    )
      return;
    const body = new Uint8Array(await res.arrayBuffer());
    // Hono copies the old answer's headers onto its replacement: edit them in place.
    const headers = res.headers;
    headers.delete('content-length');
    const encoding =
      body.byteLength < minBytes
        ? null
        : chooseEncoding(c.req.header('accept-encoding'), ['br', 'gzip']);
    if (body.byteLength >= minBytes) varyOnEncoding(headers);
    if (!encoding) {
      c.res = new Response(body, { status: res.status, headers });
      return;
    }
    const packed =
      encoding === 'br'
        ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
        : await gzipAsync(body, { level: 6 });
    headers.set('content-encoding', encoding);
    c.res = new Response(new Uint8Array(packed), { status: res.status, headers });
  };
}
