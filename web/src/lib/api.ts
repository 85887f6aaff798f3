/** The HTTP API client: JSON in and out, the app header on every call, one error type. */
import { appHeader, isErrorKind, SoukError, type App } from '@souk/sync';

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
