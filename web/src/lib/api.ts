/**
 * The HTTP API client: JSON in and out, the app header on every call, one error type. Routes are
 * called through `call` with their shared description (sync/src/contract/routes), which parses
 * every answer with the route's response schema.
 */
import {
  appHeader,
  isErrorKind,
  routePath,
  SoukError,
  type App,
  type Route,
  type RouteBody,
  type RouteQuery,
  type RouteResult,
} from '@souk/sync';

export class OfflineError extends Error {}

/**
 * Dispatched on `window` when the server refuses because of the app's standing (a `forbidden`
 * answer with a `reason`, e.g. new terms to accept), so the app re-checks it at once.
 */
export const refusedEvent = 'souk:refused';
export interface Refused {
  app: App;
  reason: string;
}

/** `body` is sent as JSON; `file` as the raw request body with its own type (uploads). */
export async function api<T>(
  app: App,
  path: string,
  init: { method?: string; body?: unknown; file?: Blob } = {},
): Promise<T> {
  let response: Response;
  const sends = init.body !== undefined || init.file !== undefined;
  try {
    response = await fetch(`/api${path}`, {
      method: init.method ?? (sends ? 'POST' : 'GET'),
      headers: {
        [appHeader]: app,
        ...(init.file
          ? { 'content-type': init.file.type }
          : init.body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
      },
      body: init.file ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      credentials: 'same-origin',
    });
  } catch {
    throw new OfflineError('offline');
  }
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = body as { kind?: unknown; message?: unknown; details?: unknown } | null;
    const refusal = new SoukError(
      isErrorKind(error?.kind) ? error.kind : 'internal',
      typeof error?.message === 'string' ? error.message : response.statusText,
      typeof error?.details === 'object' && error.details !== null
        ? (error.details as Record<string, unknown>)
        : undefined,
    );
    const reason = refusal.details?.reason;
    if (refusal.kind === 'forbidden' && typeof reason === 'string')
      dispatchEvent(new CustomEvent<Refused>(refusedEvent, { detail: { app, reason } }));
    throw refusal;
  }
  return body as T;
}

/** What a call sends: path parameters, then the body and query the route takes. */
export type CallInput<R extends Route> = {
  params?: Record<string, string>;
  file?: Blob;
} & (R extends { body: unknown } ? { body: RouteBody<R> } : { body?: undefined }) &
  (R extends { query: unknown } ? { query: RouteQuery<R> } : { query?: undefined });

/** Calls a described route and parses its answer with the route's response schema. */
export async function call<R extends Route>(
  app: App,
  route: R,
  ...[input]: R extends { body: unknown } | { query: unknown } ? [CallInput<R>] : [CallInput<R>?]
): Promise<RouteResult<R>> {
  let path = routePath(route, input?.params);
  if (input?.query) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(input.query as Record<string, unknown>))
      if (value !== undefined) search.set(key, String(value));
    if (search.size > 0) path += `?${search}`;
  }
  const answer = await api<unknown>(app, path, {
    method: route.method,
    body: input?.body ?? (route.method === 'POST' && !input?.file ? {} : undefined),
    file: input?.file,
  });
  const parsed = route.response.safeParse(answer);
  if (!parsed.success)
    throw new SoukError('internal', `Unexpected answer from ${route.method} ${route.path}.`);
  return parsed.data as RouteResult<R>;
}
