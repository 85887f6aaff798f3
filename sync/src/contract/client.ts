/**
 * The one typed client of the described routes (contract/route.ts), for the apps, the service
 * worker and tests alike: it builds the request from the route (path parameters, query, a JSON
 * body or an upload), turns an error answer into a `SoukError` with its kind and reason code, and
 * parses every answer with the route's response schema — JSON, or text for a CSV. A route that
 * revalidates is asked with `If-None-Match`, and a 304 reads as "unchanged".
 *
 * `fetch` is passed in (this package knows no browser or Node types): the browser's own, wrapped
 * so a network failure reads as offline, or Node's in tests with a cookie header.
 */
import type { z } from 'zod';
import { SoukError } from '../errors.ts';
import { isErrorKind } from './codes.ts';
import {
  routeUrl,
  type Route,
  type RouteBody,
  type RouteQuery,
  type RouteResult,
  type Upload,
} from './route.ts';

/** A file or blob to upload: it names its own content type. */
export interface UploadBody {
  readonly type: string;
  readonly size: number;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string | UploadBody;
  credentials?: 'same-origin';
  cache?: 'no-cache';
}

/** What the client reads of an answer (a `Response` has all of it). */
export interface FetchAnswer {
  status: number;
  ok: boolean;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type Fetch = (url: string, init: FetchInit) => Promise<FetchAnswer>;

export interface RouteClientOptions {
  fetch: Fetch;
  /** Where `/api` is: '' in a page or the service worker (same origin), the server's URL elsewhere. */
  baseUrl?: string;
  /** Sent with every call (the app header; a cookie outside a browser). */
  headers?: Record<string, string>;
  credentials?: 'same-origin';
}

/** What a call sends: path parameters, then the body, query or upload the route takes. */
export type CallInput<R extends Route> = { params?: Record<string, string> } & (R extends {
  body: z.ZodType;
}
  ? { body: RouteBody<R> }
  : { body?: undefined }) &
  (R extends { query: z.ZodType } ? { query: RouteQuery<R> } : { query?: undefined }) &
  (R extends { upload: Upload } ? { upload: UploadBody } : { upload?: undefined });

/** The input is optional exactly when the route takes no body, query or upload. */
export type CallArgs<R extends Route> = R extends
  { body: unknown } | { query: unknown } | { upload: unknown }
  ? [CallInput<R>]
  : [CallInput<R>?];

/** A revalidated answer: unchanged since `etag`, or the new value and its ETag. */
export type Revalidated<T> = { changed: false } | { changed: true; value: T; etag: string | null };

export interface RouteClient {
  call<R extends Route>(route: R, ...[input]: CallArgs<R>): Promise<RouteResult<R>>;
  revalidate<R extends Route & { revalidate: true }>(
    route: R,
    input: CallInput<R> & { etag?: string | null },
  ): Promise<Revalidated<RouteResult<R>>>;
}

/** Any route's input, as the client reads it. */
interface AnyInput {
  params?: Record<string, string>;
  body?: unknown;
  query?: object;
  upload?: UploadBody;
}

export function routeClient(options: RouteClientOptions): RouteClient {
  async function send(route: Route, input: AnyInput, extra: Record<string, string>) {
    const headers: Record<string, string> = { ...options.headers, ...extra };
    let body: FetchInit['body'];
    if (route.upload) {
      if (!input.upload) throw new Error(`${route.method} ${route.path} needs an upload`);
      body = input.upload;
      headers['content-type'] = input.upload.type;
    } else if (route.body || route.method === 'POST') {
      body = JSON.stringify(input.body ?? {});
      headers['content-type'] = 'application/json';
    }
    const init: FetchInit = { method: route.method, headers };
    if (body !== undefined) init.body = body;
    if (options.credentials) init.credentials = options.credentials;
    if (route.revalidate) init.cache = 'no-cache';
    const answer = await options.fetch(`${options.baseUrl ?? ''}${routeUrl(route, input)}`, init);
    if (!answer.ok && answer.status !== 304) throw await refusalOf(answer);
    return answer;
  }

  return {
    async call(route, ...[input]) {
      const answer = await send(route, (input ?? {}) as AnyInput, {});
      return read(route, answer);
    },
    async revalidate(route, input) {
      const extra: Record<string, string> = input.etag ? { 'if-none-match': input.etag } : {};
      const answer = await send(route, input as AnyInput, extra);
      if (answer.status === 304) return { changed: false };
      return { changed: true, value: await read(route, answer), etag: answer.headers.get('etag') };
    },
  };
}

/** Parses an answer with the route's schema: JSON, or the text itself for a text route. */
async function read<R extends Route>(route: R, answer: FetchAnswer): Promise<RouteResult<R>> {
  const unexpected = () =>
    new SoukError('internal', `Unexpected answer from ${route.method} ${route.path}.`);
  const text = await answer.text();
  const type = route.responseType ?? 'application/json';
  let value: unknown = text;
  if (type === 'application/json') {
    try {
      value = text ? JSON.parse(text) : null;
    } catch {
      throw unexpected();
    }
  } else if (!(answer.headers.get('content-type') ?? '').startsWith(type)) throw unexpected();
  const parsed = route.response.safeParse(value);
  if (!parsed.success) throw unexpected();
  return parsed.data as RouteResult<R>;
}

/** An error answer as the error it carries: its kind, sentence and details (with the reason code). */
export async function refusalOf(answer: FetchAnswer): Promise<SoukError> {
  type Body = { kind?: unknown; message?: unknown; details?: unknown } | null;
  let error: Body;
  try {
    error = JSON.parse(await answer.text()) as Body;
  } catch {
    error = null;
  }
  return new SoukError(
    isErrorKind(error?.kind) ? error.kind : 'internal',
    typeof error?.message === 'string' ? error.message : answer.statusText,
    typeof error?.details === 'object' && error.details !== null
      ? (error.details as Record<string, unknown>)
      : undefined,
  );
}
