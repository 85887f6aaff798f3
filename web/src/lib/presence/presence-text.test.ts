import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, loadPart } from '../i18n/catalogues.ts';
import type { PresenceView } from '@souk/sync/presence';
import { presenceText } from './presence-text.ts';

const now = new Date(2026, 11, 6, 12, 0).getTime();
const at = (day: number, hour: number, minute: number) =>
  new Date(2026, 11, day, hour, minute).getTime();
const view = (change: Partial<PresenceView>): PresenceView => ({
  typing: false,
  online: null,
  seen: null,
  ...change,
});

describe('presenceText', () => {
  beforeAll(async () => {
    await loadCatalogue('es');
    await loadPart('people', 'es');
  });

  it('says typing before online, and nothing while nothing is known', () => {
    expect(presenceText(view({ typing: true, online: true }), 'en', now)).toBe('typing…');
    expect(presenceText(view({ online: true }), 'en', now)).toBe('online');
    expect(presenceText(view({}), 'en', now)).toBe('');
    expect(presenceText(view({ online: false }), 'en', now)).toBe('');
  });

  it('says when they were last seen: today, yesterday, or on a date', () => {
    const seen = (s: number) => presenceText(view({ online: false, seen: s }), 'en', now);
    expect(seen(at(6, 9, 5))).toMatch(/^last seen today at 0?9:05/);
    expect(seen(at(5, 23, 59))).toMatch(/^last seen yesterday at 11:59/);
    expect(seen(at(1, 8, 30))).toMatch(/^last seen Dec 1 at 0?8:30/);
  });

  it('speaks the app language', () => {
    expect(presenceText(view({ online: true }), 'es', now)).toBe('en línea');
    expect(presenceText(view({ online: false, seen: at(6, 9, 5) }), 'es', now)).toMatch(
      /^últ\. vez hoy a las 09:05/,
    );
  });
});
