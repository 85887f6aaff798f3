/**
 * "5 minutes ago", "yesterday", "now": a past moment relative to now, in the app's language
 * (Intl.RelativeTimeFormat, which every supported browser has: no table of our own).
 */
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function relativeTime(locale: string, at: number, now: number = Date.now()): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // A clock a little ahead of ours is still "now", never "in 2 seconds".
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  for (const [unit, size] of units) {
    if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  }
  return format.format(0, 'second');
}
