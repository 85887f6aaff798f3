import { describe, expect, it } from 'vitest';
import { addDays, dayIn, daysBetween, readRate, statsRangeQuerySchema } from './stats.ts';

describe('statistics days', () => {
  it('names the day in the business timezone', () => {
    const at = Date.UTC(2026, 2, 1, 23, 30); // 23:30 UTC on 1 March
    expect(dayIn('UTC', at)).toBe('2026-03-01');
    expect(dayIn('Europe/Madrid', at)).toBe('2026-03-02');
    expect(dayIn('America/Mexico_City', Date.UTC(2026, 2, 2, 3))).toBe('2026-03-01');
    expect(dayIn('Not/AZone', at)).toBe('2026-03-01');
  });

  it('counts days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('reads ranges from query strings and rates only what was sent', () => {
    expect(statsRangeQuerySchema.parse({ days: '7' })).toEqual({ days: 7 });
    expect(statsRangeQuerySchema.safeParse({ days: '0' }).success).toBe(false);
    expect(statsRangeQuerySchema.safeParse({ from: '2026-1-1' }).success).toBe(false);
    expect(readRate({ sent: 0, read: 0 })).toBeNull();
    expect(readRate({ sent: 4, read: 1 })).toBe(0.25);
  });
});
