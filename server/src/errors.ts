/** The one error handler: SoukError → its status and `{kind, message, details?}` body. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SoukError, type ErrorKind } from '@souk/sync';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics/metrics.ts';

export const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  invalid_code: 400,
  code_expired: 400,
  too_many_attempts: 429,
  not_on_souk: 404,
  refused_update: 422,
  not_delivered: 403,
  unknown_document: 404,
  limit_exceeded: 429,
  version_too_old: 426,
  unavailable: 503,
  internal: 500,
};

export function errorHandler(logger: Logger, metrics?: Metrics) {
  return (error: Error, c: Context) => {
    if (error instanceof SoukError) {
      metrics?.httpRefusals.inc({ kind: error.kind });
      return c.json(error.toBody(), statusOf[error.kind]);
    }
    // Hono's own refusals (a body that is not JSON, say) answer in the same shape.
    if (error instanceof HTTPException && error.status < 500) {
      const kind: ErrorKind = error.status === 413 ? 'too_large' : 'bad_request';
      return c.json({ kind, message: error.message }, statusOf[kind]);
    }
    logger.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ kind: 'internal', message: 'Something went wrong on the server.' }, 500);
  };
}
