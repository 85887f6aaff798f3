/**
 * `sessionRoutes.me` for the first screen: who is signed in, asked when the device has not cached
 * it yet (the first screen waits for the answer). Same method and path; its answer is checked here
 * by hand, with the rules of `meSchema`, instead of with that zod schema, so the first screen ships
 * without zod (about 17 KB of gzip JavaScript). me-route.test.ts holds the two to the same verdicts.
 */
import type { Me, sessionRoutes } from '@souk/sync';

type Parsed = { success: true; data: Me } | { success: false };

const kinds: ReadonlySet<unknown> = new Set<Me['kind']>(['person', 'business']);

/** meSchema's verdict: three fields of the right types, anything else dropped. */
export function parseMe(value: unknown): Parsed {
  if (typeof value !== 'object' || value === null) return { success: false };
  const { id, kind, phone } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof phone !== 'string' || !kinds.has(kind))
    return { success: false };
  return { success: true, data: { id, kind: kind as Me['kind'], phone } };
}

/** The route as the typed client calls it (it reads only method, path and `response.safeParse`). */
export const meRoute = {
  method: 'GET',
  path: '/me',
  response: { safeParse: parseMe },
} as unknown as typeof sessionRoutes.me;
