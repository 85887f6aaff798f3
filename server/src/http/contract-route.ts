/**
 * Registers a route described in sync/src/contract/routes: its body and query are checked with
 * `@hono/zod-validator` against the shared schemas (a failure is the usual 400 `bad_request` with
 * the first problem), and the handler returns what the response schema takes in, so the server
 * cannot drift from what the apps parse.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { zValidator } from '@hono/zod-validator';
import {
  SoukError,
  type Route,
  type RouteBodyOut,
  type RouteQueryOut,
  type RouteReply,
} from '@souk/sync';
import type { Env } from './session.ts';

export interface RouteInput<R extends Route> {
  body: RouteBodyOut<R>;
  query: RouteQueryOut<R>;
  params: Record<string, string>;
  /** Answers with this status instead of the route's (a replayed request's 200, say). */
  setStatus(status: 200 | 201): void;
}

export type RouteHandler<R extends Route> = (
  c: Context<Env>,
  input: RouteInput<R>,
) => RouteReply<R> | Promise<RouteReply<R>>;

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

export function register<R extends Route>(
  routes: Hono<Env>,
  route: R,
  handler: RouteHandler<R>,
): void {
  const checks: MiddlewareHandler<Env>[] = [];
  if (route.body) checks.push(zValidator('json', route.body, refuseInvalid));
  if (route.query) checks.push(zValidator('query', route.query, refuseInvalid));
  const answer: MiddlewareHandler<Env> = async (c) => {
    let status = route.status ?? 200;
    const request = c.req as unknown as { valid(target: 'json' | 'query'): unknown };
    const valid = (target: 'json' | 'query') => request.valid(target);
    const input = {
      body: route.body ? valid('json') : undefined,
      query: route.query ? valid('query') : undefined,
      params: c.req.param() as Record<string, string>,
      setStatus: (answered: 200 | 201) => {
        status = answered;
      },
    } as RouteInput<R>;
    const reply = (await handler(c, input)) as object;
    return c.json(reply, status);
  };
  const on = routes.on.bind(routes) as (
    method: string,
    path: string,
    ...handlers: MiddlewareHandler<Env>[]
  ) => unknown;
  on(route.method, route.path, ...checks, answer);
}
