/**
 * An HTTP route described once, for both sides: method, path (Hono style, `:name` for a path
 * parameter, relative to `/api`), the request body and query schemas, and the response schema.
 * The server registers it with these schemas (server/src/http/contract-route.ts); the web app
 * calls it through one typed fetch that parses every answer with `response` (web/src/lib/api.ts).
 */
import type { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  method: Method;
  path: string;
  /** The JSON request body; absent when the route takes none (or a raw upload). */
  body?: z.ZodType;
  /** The query string, as strings in and parsed values out. */
  query?: z.ZodType;
  response: z.ZodType;
  /** The success status: 200 unless said otherwise. */
  status?: 200 | 201;
}

/** Keeps the literal types of a route description. */
export const route = <const R extends Route>(description: R): R => description;

/** What a caller sends: body and query as the schemas take them in (never when there is none). */
export type RouteBody<R extends Route> = R extends { body: infer S extends z.ZodType }
  ? z.input<S>
  : never;
export type RouteQuery<R extends Route> = R extends { query: infer S extends z.ZodType }
  ? z.input<S>
  : never;
/** What a handler receives: body and query as the schemas give them out. */
export type RouteBodyOut<R extends Route> = R extends { body: infer S extends z.ZodType }
  ? z.output<S>
  : undefined;
export type RouteQueryOut<R extends Route> = R extends { query: infer S extends z.ZodType }
  ? z.output<S>
  : undefined;
/** What the server answers, before parsing (its handlers return this) and after. */
export type RouteReply<R extends Route> = z.input<R['response']>;
export type RouteResult<R extends Route> = z.output<R['response']>;

/** The path with its `:name` parameters filled in (each URI-encoded). */
export function routePath(route: Route, params: Record<string, string> = {}): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} of ${route.path}`);
    return encodeURIComponent(value);
  });
}
