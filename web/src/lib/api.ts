/** The HTTP API client: JSON in and out, the app header on every call, one error type. */
import { appHeader, isErrorKind, SoukError, type App } from '@souk/sync';

export class OfflineError extends Error {}

export async function api<T>(
  app: App,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        [appHeader]: app,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new OfflineError('offline');
  }
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = body as { kind?: unknown; message?: unknown } | null;
    throw new SoukError(
      isErrorKind(error?.kind) ? error.kind : 'internal',
      typeof error?.message === 'string' ? error.message : response.statusText,
    );
  }
  return body as T;
}
