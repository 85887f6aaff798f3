/**
 * When a device fetches a business's template pack: a pure state machine over an injected time.
 * The service worker stores one `PackSchedule` per business (in IndexedDB), so the schedule
 * survives reloads and restarts, and asks `dueNow` at start, on its timer and on Periodic
 * Background Sync. The rules of the brief:
 *   - a new pack, or a message naming a version the device lacks, is due at once;
 *   - after a successful download the next refresh is 31 days later;
 *   - after a failed one, 5 minutes later, again and again (no growing backoff: the brief asks
 *     for five minutes, and a device only ever fetches its own few packs);
 *   - if the device clock is moved back so far that the next attempt is more than 31 days away,
 *     the pack is due at once rather than stuck for a month.
 * Every transition returns a new state; nothing reads the clock here.
 */
import { z } from 'zod';

export const packRefreshMs = 31 * 24 * 60 * 60 * 1000;
export const packRetryMs = 5 * 60 * 1000;
const maxErrorChars = 500;

export const packScheduleSchema = z
  .object({
    lastSuccessAt: z.number().optional(),
    nextAttemptAt: z.number(),
    lastError: z.string().max(maxErrorChars).optional(),
    failures: z.int().nonnegative(),
  })
  .strict();
export type PackSchedule = z.infer<typeof packScheduleSchema>;

/** A pack the device has never fetched: due at once. */
export function newPackSchedule(now: number): PackSchedule {
  return { nextAttemptAt: now, failures: 0 };
}

export function dueNow(state: PackSchedule, now: number): boolean {
  return now >= state.nextAttemptAt || state.nextAttemptAt - now > packRefreshMs;
}

export function onSuccess(state: PackSchedule, now: number): PackSchedule {
  return { lastSuccessAt: now, nextAttemptAt: now + packRefreshMs, failures: 0 };
}

export function onFailure(state: PackSchedule, now: number, error: string): PackSchedule {
  return {
    ...state,
    nextAttemptAt: now + packRetryMs,
    lastError: error.slice(0, maxErrorChars),
    failures: state.failures + 1,
  };
}

/** A message names a template version this device lacks: fetch at once. */
export function onMissingVersion(state: PackSchedule, now: number): PackSchedule {
  return { ...state, nextAttemptAt: Math.min(state.nextAttemptAt, now) };
}

/** How old the device's copy is (for settings), or null if it was never fetched. */
export function packAgeMs(state: PackSchedule, now: number): number | null {
  return state.lastSuccessAt === undefined ? null : Math.max(0, now - state.lastSuccessAt);
}

/** When the timer should next wake up for a set of packs, or null if there are none. */
export function nextWakeAt(states: Iterable<PackSchedule>, now: number): number | null {
  let next: number | null = null;
  for (const state of states) {
    const at = dueNow(state, now) ? now : state.nextAttemptAt;
    if (next === null || at < next) next = at;
  }
  return next;
}
