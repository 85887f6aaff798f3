/**
 * The statistics screen's words (the messages `stats.<key>` in web/messages/*.json, called by
 * their short names here) and its numbers, percentages and days through Intl.
 */
import { i18n, t, type KeysUnder } from '$lib/i18n/index.svelte.ts';

export type StatsKey = KeysUnder<'stats'>;

export function st(key: StatsKey, params: Record<string, string | number> = {}): string {
  return t(`stats.${key}`, params);
}

/** How long ago `at` was, in words. */
export function age(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return st('ageJust');
  if (minutes < 60) return st('ageMinutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return st('ageHours', { n: hours });
  return st('ageDays', { n: Math.floor(hours / 24) });
}

export function percent(value: number | null): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    value,
  );
}

export function number(value: number): string {
  return new Intl.NumberFormat(i18n.locale).format(value);
}

/** A day `YYYY-MM-DD` as "12 Mar" in the app's language. */
export function shortDay(day: string): string {
  return new Intl.DateTimeFormat(i18n.locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
