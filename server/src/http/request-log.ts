/** One structured log line per request, from a child logger that carries a request id. */
import type { MiddlewareHandler } from 'hono';
import { randomId } from '@souk/sync';
import type { Logger } from '../logger.ts';

export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const log = logger.child({ req: randomId(8), method: c.req.method, path: c.req.path });
    await next();
    const status = c.res.status;
    const ms = Math.round(performance.now() - started);
    if (status >= 500) log.error({ status, ms }, 'request failed');
    else log.debug({ status, ms }, 'request');
  };
}
