/**
 * The compiled messages (Paraglide, from web/messages/<locale>.json), called by name. English is
 * bundled; Spanish is a separate chunk loaded when chosen, so a first screen carries one
 * language. Plain TypeScript without runes: the locale rune lives in index.svelte.ts.
 */
import en, { type MessageKey } from '../../../.paraglide/keyed-en.js';
import type { Locale } from '../../../.paraglide/locale-runtime.js';

export type { Locale, MessageKey };
export type Params = Record<string, unknown>;
/** The names under `prefix.`, e.g. KeysUnder<'stats'> for the statistics screen's `st`. */
export type KeysUnder<
  Prefix extends string,
  Key = MessageKey,
> = Key extends `${Prefix}.${infer Rest}` ? Rest : never;
type Table = Record<MessageKey, (inputs: Params) => string>;

export const localeNames: Record<Locale, string> = { en: 'English', es: 'Español' };

const loaders: Record<Locale, () => Promise<Table>> = {
  en: async () => en,
  es: async () => (await import('../../../.paraglide/keyed-es.js')).default,
};
const loaded: Partial<Record<Locale, Table>> = { en };

export async function loadCatalogue(locale: Locale): Promise<void> {
  loaded[locale] ??= await loaders[locale]();
}

export function isLoaded(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
/** Numbers in messages are written the locale's way (1,234 in English, 1234 or 1.234 in Spanish). */
function formatValue(locale: Locale, value: unknown): string {
  if (typeof value !== 'number') return String(value);
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}

/**
 * The message `key` in `locale` (English until that locale is loaded), its `{name}` placeholders
 * filled from `params` (numbers through Intl); a placeholder without a value reads as
 * `missing(name)`.
 */
export function message(
  locale: Locale,
  key: MessageKey,
  params: Params = {},
  missing: (name: string) => string = (name) => `{${name}}`,
): string {
  const inputs = new Proxy(params, {
    get: (target, name) =>
      typeof name === 'string' && target[name] !== undefined && target[name] !== null
        ? formatValue(locale, target[name])
        : missing(String(name)),
  });
  return (loaded[locale] ?? en)[key](inputs);
}
