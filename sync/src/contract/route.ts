/**
 * An HTTP route described once, for both sides: method, path (Hono style, `:name` for a path
 * parameter, relative to `/api`), the request body and query schemas, and the response schema.
 * The server registers it with these schemas (server/src/http/contract-route.ts); the apps call
 * it through one typed client that parses every answer with `response` (contract/client.ts).
 *
 * Besides JSON in and out a route may take a raw body (`upload`: an image, with its types and
 * size limit), answer text (`responseType`: a CSV, parsed as a string) or a stream of bytes
 * (`application/gzip`: an export, read as a stream by its caller, never parsed), and answer a request
 * whose `If-None-Match` names the current ETag with 304 and no body (`revalidate`).
 */
import type { z } from 'zod';
import type { ZodMiniType } from 'zod/mini';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A raw request body: the content types taken, and the most bytes read before a 413. */
export interface Upload {
  types: readonly string[];
  maxBytes: number;
}

/**
 * The media types an answer can have: JSON, text the response schema parses as a string, or a
 * gzip stream (the handler returns a ReadableStream; callers stream it, the typed client does not).
 */
export type ResponseType = 'application/json' | 'text/csv' | 'application/gzip';

export interface Route {
  method: Method;
  path: string;
  /** The JSON request body; absent when the route takes none (or an upload). */
  body?: z.ZodType;
  /** A raw request body instead of JSON (an upload). */
  upload?: Upload;
  /** The query string, as strings in and parsed values out. */
  query?: z.ZodType;
  /** zod's classic API, or zod/mini for the routes a first screen calls (smaller to ship). */
  response: z.ZodType | ZodMiniType;
  /** JSON unless said otherwise. */
  responseType?: ResponseType;
  /** The answer carries an ETag, and a matching `If-None-Match` is answered 304 with no body. */
  revalidate?: true;
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

/**
 * The URL of a call below the server's origin: `/api`, the path, and the query (values left out
 * when undefined), as a link in a page or a fetch would use it.
 */
export function routeUrl(
  route: Route,
  input: { params?: Record<string, string>; query?: object } = {},
): string {
  const query = Object.entries(input.query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `/api${routePath(route, input.params)}${query ? `?${query}` : ''}`;
}
