/**
 * The one way the server POSTs to an address someone else chose (webhooks, Web Push): the URL
 * passes the address guard, its name is resolved once, and the request connects to the address
 * that was checked (TLS still verifies the certificate of the name). No redirects are followed,
 * the response body is discarded, and a connection idle for the timeout is dropped.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  guardUrl,
  pinnedLookup,
  systemResolver,
  type GuardOptions,
  type Resolver,
} from './address-guard.ts';

export interface PostOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export interface PostInit {
  headers: Record<string, string>;
  body: string | Uint8Array;
  timeoutMs: number;
}

export async function guardedPost(
  raw: string,
  init: PostInit,
  guard: GuardOptions,
  resolve: Resolver = systemResolver,
): Promise<PostOutcome> {
  const verdict = await guardUrl(raw, guard, resolve);
  if ('problem' in verdict)
    return { ok: false, status: null, error: `refused: ${verdict.problem}` };
  const { target } = verdict;
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((settle) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        lookup: pinnedLookup(target),
        timeout: init.timeoutMs,
        headers: init.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          settle({ ok, status, error: ok ? null : `HTTP ${status}` });
        });
        res.on('error', (error) =>
          settle({ ok: false, status: res.statusCode ?? null, error: error.message }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => settle({ ok: false, status: null, error: error.message }));
    req.end(init.body);
  });
}
