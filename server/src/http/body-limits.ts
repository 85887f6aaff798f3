/**
 * How much of a request body the server reads before refusing it with 413 (docs/operations.md,
 * "Limits"). A request from nobody in particular gets 64 KiB at most — read no further: a
 * declared larger length is refused before reading, an undeclared one as soon as it passes the
 * limit — so an anonymous client cannot make the server hold megabytes. A signed-in request may
 * send JSON up to 1 MiB and an image upload (image/*) up to 10 MiB (each upload route has its own
 * smaller limit too). The Business API (`/api/v1`) takes 64 KiB, key or not. A refused request's
 * connection is closed, so the rest of its body is not read either.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { SoukError } from '@souk/sync';
import { chatImageLimits } from '../business/media-service.ts';
import type { Env } from './session.ts';

export const bodyLimits = {
  unauthenticated: 64 * 1024,
  json: 1024 * 1024,
  upload: chatImageLimits.maxBytes,
  businessApi: 64 * 1024,
} as const;

function limited(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      c.header('Connection', 'close');
      throw new SoukError('too_large', `The request body can be at most ${maxSize} bytes.`, {
        limit: maxSize,
      });
    },
  });
}

const anonymous = limited(bodyLimits.unauthenticated);
const json = limited(bodyLimits.json);
const upload = limited(bodyLimits.upload);

/** After the session middleware: the limit that fits who is asking and what they send. */
export function sessionBodyLimit(): MiddlewareHandler<Env> {
  return (c, next) => {
    if (!c.get('session')) return anonymous(c, next);
    const type = c.req.header('content-type') ?? '';
    return /^image\//i.test(type) ? upload(c, next) : json(c, next);
  };
}

/** The Business API's limit, before its key is even looked at. */
export const businessApiBodyLimit = (): MiddlewareHandler => limited(bodyLimits.businessApi);
