/**
 * The contract's typed client (sync/src/contract/client.ts) against a real server, as an app
 * would call it: the app header, the session cookie, the server's own origin. Refusals arrive as
 * `SoukError`s; `refusalOf` reads one as its kind and details, for tests that assert codes.
 */
import { appHeader, routeClient, SoukError, type App, type RouteClient } from '@souk/sync';

export function typedClient(
  baseUrl: string,
  who: { cookie: string } | null,
  app: App = 'personal',
): RouteClient {
  return routeClient({
    baseUrl,
    fetch: (url, init) => fetch(url, init as RequestInit),
    headers: {
      [appHeader]: app,
      origin: new URL(baseUrl).origin,
      ...(who ? { cookie: who.cookie } : {}),
    },
  });
}

/** What a call was refused with: kind and details, or null when it was not refused. */
export async function refusalOf(
  answer: Promise<unknown>,
): Promise<{ kind: string; details?: Record<string, unknown> } | null> {
  try {
    await answer;
    return null;
  } catch (error) {
    if (!(error instanceof SoukError)) throw error;
    return error.details ? { kind: error.kind, details: error.details } : { kind: error.kind };
  }
}
