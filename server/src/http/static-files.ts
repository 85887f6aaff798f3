/**
 * One file of the built web app as a response: the precompressed variant the client takes
 * (`<file>.br`, `<file>.gz`, written at build), `Vary: Accept-Encoding` wherever variants exist,
 * a validator per variant (ETag from size and time) so a revalidation costs a 304.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { chooseEncoding, varyOnEncoding, type Encoding } from './encoding.ts';
import { etagMatches } from './etag.ts';

const suffix: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

function fileStats(path: string): Stats | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

export interface FileHeaders {
  'cache-control': string;
  'content-security-policy'?: string;
}

/** The response for `path` (absolute), or null when there is no such file. */
export function fileResponse(c: Context, path: string, headers: FileHeaders): Response | null {
  const identity = fileStats(path);
  if (!identity) return null;
  const variants = (['br', 'gzip'] as const).filter((e) => fileStats(path + suffix[e]) !== null);
  const encoding = chooseEncoding(c.req.header('accept-encoding'), variants);
  const chosenPath = encoding ? path + suffix[encoding] : path;
  const stats = encoding ? (fileStats(chosenPath) ?? identity) : identity;

  const out = new Headers({
    'content-type': getMimeType(path) ?? 'application/octet-stream',
    ...headers,
  });
  if (variants.length > 0) varyOnEncoding(out);
  if (encoding) out.set('content-encoding', encoding);
  const etag = `"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}${encoding ? `-${encoding}` : ''}"`;
  out.set('etag', etag);

  if (etagMatches(c.req.header('if-none-match'), etag)) {
    return new Response(null, { status: 304, headers: out });
  }
  out.set('content-length', String(stats.size));
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: out });
  const body = Readable.toWeb(createReadStream(chosenPath)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: out });
}
