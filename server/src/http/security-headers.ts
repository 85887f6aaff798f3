/**
 * Headers every response carries (docs/operations.md lists them). A route that knows better sets
 * its own Content-Security-Policy first — the web app's files carry the app's policy, uploaded
 * media a sandbox — and everything else (JSON, errors) gets a policy that allows nothing.
 * HSTS only when the public URL is https: on plain http it would lock a browser out.
 */
import type { MiddlewareHandler } from 'hono';

export const apiPolicy = "default-src 'none'; frame-ancestors 'none'";
/** Uploaded files: never a page that runs anything, even when opened on their own. */
export const mediaPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

export function securityHeaders(options: { publicOrigin: string | undefined }): MiddlewareHandler {
  const always: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    // Photos, voice and a shared location are the app's own; no embedded page may ask for anything.
    'permissions-policy':
      'camera=(self), microphone=(self), geolocation=(self), payment=(), usb=()',
    'x-frame-options': 'DENY',
  };
  if (options.publicOrigin?.startsWith('https://')) {
    always['strict-transport-security'] = 'max-age=31536000';
  }
  return async (c, next) => {
    await next();
    let headers = c.res.headers;
    try {
      headers.set('x-content-type-options', 'nosniff');
    } catch {
      // A response with immutable headers (one passed through from fetch): copy it.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
    }
    for (const [name, value] of Object.entries(always)) headers.set(name, value);
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', apiPolicy);
  };
}
