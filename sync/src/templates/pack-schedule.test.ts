import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dueNow,
  newPackSchedule,
  nextWakeAt,
  onFailure,
  onMissingVersion,
  onSuccess,
  packAgeMs,
  packScheduleSchema,
  type PackSchedule,
} from './pack-schedule.ts';

const t0 = Date.UTC(2025, 0, 1);
const minute = 60_000;
const day = 24 * 60 * minute;

describe('pack schedule', () => {
  it('a new pack is due at once', () => {
    expect(dueNow(newPackSchedule(t0), t0)).toBe(true);
    expect(packAgeMs(newPackSchedule(t0), t0)).toBeNull();
  });

  it('after a success the pack is fresh for 31 days, to the millisecond', () => {
    const s = onSuccess(newPackSchedule(t0), t0);
    expect(s).toEqual({ lastSuccessAt: t0, nextAttemptAt: t0 + 31 * day, failures: 0 });
    expect(dueNow(s, t0 + 30 * day)).toBe(false);
    expect(dueNow(s, t0 + 31 * day - 1)).toBe(false);
    expect(dueNow(s, t0 + 31 * day)).toBe(true);
    expect(packAgeMs(s, t0 + 31 * day)).toBe(31 * day);
  });

  it('a failure retries in 5 minutes, again and again, keeping the last success', () => {
    let s = onSuccess(newPackSchedule(t0), t0);
    let now = t0 + 31 * day;
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(dueNow(s, now)).toBe(true);
      s = onFailure(s, now, `offline ${attempt}`);
      expect(s).toEqual({
        lastSuccessAt: t0,
        nextAttemptAt: now + 5 * minute,
        lastError: `offline ${attempt}`,
        failures: attempt,
      });
      expect(dueNow(s, now + 5 * minute - 1)).toBe(false);
      now += 5 * minute;
    }
    s = onSuccess(s, now);
    expect(s).toEqual({ lastSuccessAt: now, nextAttemptAt: now + 31 * day, failures: 0 });
  });

  it('a message naming a missing version makes the pack due at once', () => {
    const fresh = onSuccess(newPackSchedule(t0), t0);
    expect(dueNow(onMissingVersion(fresh, t0 + day), t0 + day)).toBe(true);
    // It never delays an attempt that was already due earlier.
    const overdue = onFailure(fresh, t0, 'offline');
    expect(onMissingVersion(overdue, t0 + day).nextAttemptAt).toBe(t0 + 5 * minute);
  });

  it('a clock moved back by more than 31 days does not strand the pack', () => {
    const s = onSuccess(newPackSchedule(t0), t0);
    expect(dueNow(s, t0 - day)).toBe(true);
    expect(dueNow(s, t0)).toBe(false);
  });

  it('keeps long errors short enough to store', () => {
    const s = onFailure(newPackSchedule(t0), t0, 'x'.repeat(2000));
    expect(packScheduleSchema.safeParse(s).success).toBe(true);
  });

  it('tells the timer when to wake', () => {
    const a = onSuccess(newPackSchedule(t0), t0);
    const b = onFailure(a, t0 + day, 'offline');
    expect(nextWakeAt([a, b], t0 + day)).toBe(t0 + day + 5 * minute);
    expect(nextWakeAt([a, newPackSchedule(t0)], t0 + day)).toBe(t0 + day);
    expect(nextWakeAt([], t0)).toBeNull();
  });

  it('property: an attempt is never more than 31 days away, and failures retry in 5 minutes', () => {
    type Event = { kind: 'success' | 'failure' | 'missing'; after: number };
    const event = fc.record({
      kind: fc.constantFrom('success', 'failure', 'missing') as fc.Arbitrary<Event['kind']>,
      after: fc.integer({ min: 0, max: 40 * day }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let now = t0;
        let s: PackSchedule = newPackSchedule(now);
        for (const e of events) {
          now += e.after;
          if (e.kind === 'success') s = onSuccess(s, now);
          if (e.kind === 'failure') s = onFailure(s, now, 'offline');
          if (e.kind === 'missing') s = onMissingVersion(s, now);
          expect(packScheduleSchema.safeParse(s).success).toBe(true);
          expect(s.nextAttemptAt - now).toBeLessThanOrEqual(31 * day);
          if (e.kind === 'failure') expect(s.nextAttemptAt).toBe(now + 5 * minute);
          if (e.kind === 'missing') expect(dueNow(s, now)).toBe(true);
        }
      }),
      { seed: 3105, numRuns: 500 },
    );
  });
});
