/**
 * Registers a route described in sync/src/contract/routes: its body and query are checked with
 * `@hono/zod-validator` against the shared schemas (a failure is the usual 400 `bad_request` with
 * the first problem), and the handler returns what the response schema takes in, so the server
 * cannot drift from what the apps parse. An upload route reads at most its limit (413
 * `too_large`) of one of its types (400 otherwise); a text route answers its media type; a
 * revalidating route's handler returns the value with its ETag, and a request naming that ETag
 * gets 304 and no body.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { zValidator } from '@hono/zod-validator';
import {
  refusalError,
  SoukError,
  type Route,
  type RouteBodyOut,
  type RouteQueryOut,
  type RouteReply,
  type Upload,
} from '@souk/sync';
import { etagMatches } from './etag.ts';
import type { Env } from './session.ts';

/** An upload as the handler gets it: the bytes, and which of the route's types they claim. */
export interface Uploaded {
  type: string;
  bytes: Uint8Array;
}

export interface RouteInput<R extends Route> {
  body: RouteBodyOut<R>;
  query: RouteQueryOut<R>;
  upload: R extends { upload: Upload } ? Uploaded : undefined;
  params: Record<string, string>;
  /** Answers with this status instead of the route's (a replayed request's 200, say). */
  setStatus(status: 200 | 201): void;
}

/** A revalidating route's answer: the value and the ETag that names its version. */
export interface Tagged<T> {
  etag: string;
  value: T;
}

export type RouteAnswer<R extends Route> = R extends { revalidate: true }
  ? Tagged<RouteReply<R>>
  : RouteReply<R>;

export type RouteHandler<R extends Route> = (
  c: Context<Env>,
  input: RouteInput<R>,
) => RouteAnswer<R> | Promise<RouteAnswer<R>>;

interface Checked {
  success: boolean;
  error?: { issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }> };
}

function refuseInvalid(result: Checked): void {
  if (result.success) return;
  const issue = result.error?.issues[0];
  throw new SoukError('bad_request', issue?.message ?? 'Invalid request.', {
    path: issue?.path.map(String).join('.'),
  });
}

/** The limit, then the type: what an upload route checks before its handler reads the bytes. */
function uploadChecks(upload: Upload): MiddlewareHandler<Env>[] {
  const megabytes = Math.round(upload.maxBytes / (1024 * 1024));
  const limit = bodyLimit({
    maxSize: upload.maxBytes,
    onError: () => {
      throw refusalError('too_large', {
        code: 'upload_too_large',
        details: { megabytes, limit: upload.maxBytes },
      });
    },
  });
  const type: MiddlewareHandler<Env> = async (c, next) => {
    const given = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!upload.types.includes(given))
      throw refusalError('bad_request', {
        code: 'upload_type',
        details: { types: upload.types.join(', ') },
      });
    await next();
  };
  return [type, limit];
}

export function register<R extends Route>(
  routes: Hono<Env>,
  route: R,
  handler: RouteHandler<R>,
): void {
  const checks: MiddlewareHandler<Env>[] = [];
  if (route.upload) checks.push(...uploadChecks(route.upload));
  if (route.body) checks.push(zValidator('json', route.body, refuseInvalid));
  if (route.query) checks.push(zValidator('query', route.query, refuseInvalid));
  const answer: MiddlewareHandler<Env> = async (c) => {
    let status = route.status ?? 200;
    const request = c.req as unknown as { valid(target: 'json' | 'query'): unknown };
    const valid = (target: 'json' | 'query') => request.valid(target);
    const input = {
      body: route.body ? valid('json') : undefined,
      query: route.query ? valid('query') : undefined,
      upload: route.upload
        ? {
            type: (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
            bytes: new Uint8Array(await c.req.arrayBuffer()),
          }
        : undefined,
      params: c.req.param() as Record<string, string>,
      setStatus: (answered: 200 | 201) => {
        status = answered;
      },
    } as RouteInput<R>;
    let reply: unknown = await handler(c, input);
    if (route.revalidate) {
      const { etag, value } = reply as Tagged<unknown>;
      c.header('ETag', etag);
      if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
      reply = value;
    }
    if (route.responseType === 'application/gzip')
      return c.body(reply as ReadableStream<Uint8Array>, status, {
        'content-type': route.responseType,
      });
    if (route.responseType && route.responseType !== 'application/json')
      return c.body(reply as string, status, {
        'content-type': `${route.responseType}; charset=utf-8`,
      });
    return c.json(reply as object, status);
  };
  const on = routes.on.bind(routes) as (
    method: string,
    path: string,
    ...handlers: MiddlewareHandler<Env>[]
  ) => unknown;
  on(route.method, route.path, ...checks, answer);
}
