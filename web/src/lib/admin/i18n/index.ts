/**
 * The console's words: the messages `admin.<key>` in web/messages/*.json, following the same
 * locale rune (`i18n.locale`), so switching language anywhere switches the console too.
 */
import { i18n, t, type KeysUnder } from '$lib/i18n/index.svelte.ts';

export type ConsoleKey = KeysUnder<'admin'>;

export function ct(key: ConsoleKey, params: Record<string, string | number> = {}): string {
  return t(`admin.${key}`, params);
}

/** A date and time in the console's locale, e.g. "25 Nov 2026, 10:42". */
export function formatWhen(at: number): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    at,
  );
}
