import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

const now = Date.UTC(2026, 11, 5, 12, 0, 0);
const ago = (seconds: number) => now - seconds * 1000;

describe('relativeTime', () => {
  it('says how long ago, in the largest whole unit', () => {
    expect(relativeTime('en', ago(10), now)).toBe('now');
    expect(relativeTime('en', ago(5 * 60 + 20), now)).toBe('5 minutes ago');
    expect(relativeTime('en', ago(3 * 3600), now)).toBe('3 hours ago');
    expect(relativeTime('en', ago(30 * 3600), now)).toBe('yesterday');
    expect(relativeTime('en', ago(15 * 24 * 3600), now)).toBe('2 weeks ago');
    expect(relativeTime('en', ago(400 * 24 * 3600), now)).toBe('last year');
  });

  it('speaks the app language', () => {
    expect(relativeTime('es', ago(5 * 60), now)).toBe('hace 5 minutos');
    expect(relativeTime('es', ago(30 * 3600), now)).toBe('ayer');
  });

  it('reads a moment a little ahead of the device clock as now', () => {
    expect(relativeTime('en', now + 4000, now)).toBe('now');
  });
});
