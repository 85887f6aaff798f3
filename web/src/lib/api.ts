/**
 * The HTTP API client of the apps: routes are called through `call` (or `revalidate`) with their
 * shared description (sync/src/contract/routes), through the one typed client of the contract
 * (sync/src/contract/client.ts), which parses every answer with the route's response schema. Here:
 * the app header on every call, a network failure read as offline, and refusals about the app's
 * standing announced to the app.
 */
import {
  appHeader,
  routeClient,
  SoukError,
  type App,
  type CallArgs,
  type CallInput,
  type Fetch,
  type Revalidated,
  type Route,
  type RouteClient,
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

const browserFetch: Fetch = async (url, init) => {
  try {
    return await fetch(url, init as RequestInit);
  } catch {
    throw new OfflineError('offline');
  }
};

const clients = new Map<App, RouteClient>();
function clientOf(app: App): RouteClient {
  let client = clients.get(app);
  if (!client) {
    client = routeClient({
      fetch: browserFetch,
      headers: { [appHeader]: app },
      credentials: 'same-origin',
    });
    clients.set(app, client);
  }
  return client;
}

async function noticing<T>(app: App, answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    const reason = error instanceof SoukError ? error.details?.reason : undefined;
    if (error instanceof SoukError && error.kind === 'forbidden' && typeof reason === 'string')
      dispatchEvent(new CustomEvent<Refused>(refusedEvent, { detail: { app, reason } }));
    throw error;
  }
}

/** Calls a described route and parses its answer with the route's response schema. */
export function call<R extends Route>(
  app: App,
  route: R,
  ...input: CallArgs<R>
): Promise<RouteResult<R>> {
  return noticing(app, clientOf(app).call(route, ...input));
}

/** Asks a revalidating route again: unchanged since `etag` (a 304), or the new value. */
export function revalidate<R extends Route & { revalidate: true }>(
  app: App,
  route: R,
  input: CallInput<R> & { etag?: string | null },
): Promise<Revalidated<RouteResult<R>>> {
  return noticing(app, clientOf(app).revalidate(route, input));
}
