/**
 * The console's own message catalogue, keyed like the apps' one and following the same locale
 * rune (`i18n.locale`), so switching language anywhere switches the console too.
 */
import { i18n, type Locale } from '$lib/i18n/index.svelte.ts';
import { en, type ConsoleKey } from './en.ts';
import { es } from './es.ts';

const catalogues: Record<Locale, Record<ConsoleKey, string>> = { en, es };

export type { ConsoleKey };

export function ct(key: ConsoleKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[i18n.locale][key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A date and time in the console's locale, e.g. "25 Nov 2026, 10:42". */
export function formatWhen(at: number): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    at,
  );
}
