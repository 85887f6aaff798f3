/**
 * Media the Business API sends by URL: Souk fetches the file itself, through the outbound address
 * guard (webhooks/address-guard.ts: https only, public addresses only unless the server allows
 * private ones — development, or SOUK_WEBHOOKS_ALLOW_PRIVATE — the name resolved once and the
 * connection pinned to the checked address), with no redirects, a deadline for the whole fetch,
 * and the kind's upload size limit counted on the bytes as they arrive (a Content-Length over it
 * is refused before any body is read). The bytes are streamed to a staging file, never held in
 * memory, and their real type is sniffed and must fit the kind, as for an upload. The caller
 * adopts the file as private media of the chat (media/media-files.ts) or discards it.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { refusalError, randomId, SoukError, type UploadKind } from '@souk/sync';
import {
  guardUrl,
  pinnedLookup,
  systemResolver,
  type GuardOptions,
  type GuardedTarget,
  type Resolver,
} from '../webhooks/address-guard.ts';
import { sniffFile } from '../media/content-policy.ts';
import { fitsKind } from '../media/upload-finish.ts';

export interface MediaUrlOptions {
  guard: GuardOptions;
  /** The whole fetch, from connecting to the last byte. */
  timeoutMs: number;
  /** Bytes, per kind (the upload limits). */
  maxBytes: Readonly<Record<UploadKind, number>>;
  /** Where fetched files wait to be adopted (`<media dir>/staging`, the same file system). */
  stagingDir: string;
  resolve?: Resolver;
}

export interface FetchedMedia {
  path: string;
  mime: string;
  size: number;
}

const refused = (problem: string) =>
  refusalError('bad_request', { code: 'media_url', details: { problem } });

const tooLarge = (limit: number) =>
  refusalError('bad_request', {
    code: 'upload_too_large',
    details: { megabytes: Math.floor(limit / (1024 * 1024)), limit },
  });

function get(target: GuardedTarget, signal: AbortSignal): Promise<IncomingMessage> {
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target.url, {
      method: 'GET',
      lookup: pinnedLookup(target),
      headers: { accept: '*/*', 'user-agent': 'Souk media fetch' },
      signal,
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The type a message of `kind` names: a voice note or audio in a WebM or MP4 box is audio. */
function messageMime(kind: UploadKind, found: string | undefined): string {
  const sniffed = found?.split(';')[0]!.trim(); // `audio/ogg; codecs=opus`: the type alone
  if ((kind === 'voice' || kind === 'audio') && sniffed?.startsWith('video/'))
    return sniffed.replace('video/', 'audio/');
  return sniffed ?? 'application/octet-stream';
}

/** Fetches `raw` for a message of `kind` into a staging file; throws a refusal otherwise. */
export async function fetchMediaUrl(
  raw: string,
  kind: UploadKind,
  options: MediaUrlOptions,
): Promise<FetchedMedia> {
  const verdict = await guardUrl(raw, options.guard, options.resolve ?? systemResolver);
  if ('problem' in verdict) throw refused(verdict.problem);
  const limit = options.maxBytes[kind];
  const signal = AbortSignal.timeout(options.timeoutMs);
  await mkdir(options.stagingDir, { recursive: true });
  const path = join(options.stagingDir, `url-${randomId()}`);
  try {
    let size = 0;
    try {
      const res = await get(verdict.target, signal);
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.destroy();
        throw refused(
          status >= 300 && status < 400 ? 'redirects are not followed' : `HTTP ${status}`,
        );
      }
      if (Number(res.headers['content-length'] ?? 0) > limit) {
        res.destroy();
        throw tooLarge(limit);
      }
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(size > limit ? tooLarge(limit) : null, chunk);
        },
      });
      await pipeline(res, counter, createWriteStream(path), { signal });
    } catch (error) {
      if (error instanceof SoukError) throw error;
      throw refused(
        signal.aborted ? `no whole answer within ${options.timeoutMs} ms` : 'the connection failed',
      );
    }
    if (size === 0) throw refusalError('bad_request', { code: 'upload_empty' });
    const mime = await sniffFile(path);
    if (!fitsKind(kind, mime))
      throw refusalError('bad_request', { code: 'upload_content', details: { kind } });
    return { path, mime: messageMime(kind, mime), size };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}
