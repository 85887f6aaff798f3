/**
 * The compiled messages (Paraglide, from web/messages/<locale>.json), called by name. English is
 * bundled; Spanish is a separate chunk loaded when chosen, so a first screen carries one
 * language. The console's messages are a part of their own (`admin`, see
 * web/scripts/messages/keyed-tables.ts), loaded by the console's layout, so neither app carries
 * them; so are the media player's and recorder's (`media`), loaded with them, and the people
 * screens' (`people`), loaded by the routes that show them. Nor do their first screens carry the
 * refusals' (`refusal`, loaded once they are drawn). Plain TypeScript without runes: the locale
 * rune lives in index.svelte.ts.
 */
import { createSubscriber } from 'svelte/reactivity';
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

/** A part of the messages, loaded apart by the screens that use it (see keyed-tables.ts). */
export type Part = 'admin' | 'media' | 'refusal' | 'people';
const partLoaders: Record<Part, Record<Locale, () => Promise<Partial<Table>>>> = {
  admin: {
    en: async () => (await import('../../../.paraglide/keyed-en-admin.js')).default,
    es: async () => (await import('../../../.paraglide/keyed-es-admin.js')).default,
  },
  media: {
    en: async () => (await import('../../../.paraglide/keyed-en-media.js')).default,
    es: async () => (await import('../../../.paraglide/keyed-es-media.js')).default,
  },
  refusal: {
    en: async () => (await import('../../../.paraglide/keyed-en-refusal.js')).default,
    es: async () => (await import('../../../.paraglide/keyed-es-refusal.js')).default,
  },
  people: {
    en: async () => (await import('../../../.paraglide/keyed-en-people.js')).default,
    es: async () => (await import('../../../.paraglide/keyed-es-people.js')).default,
  },
};
/** The parts loaded so far, per locale, in one table; and each part's loading, once. */
const partTables: Partial<Record<Locale, Partial<Table>>> = {};
const partLoads = new Map<string, Promise<void>>();
const partDone = new Set<string>();
/** The parts asked for: a locale chosen later loads them too. */
const wanted = new Set<Part>();

export async function loadCatalogue(locale: Locale): Promise<void> {
  loaded[locale] ??= await loaders[locale]();
  await Promise.all([...wanted].map((part) => loadPart(part, locale)));
}

/** Loads `part` in `locale` and in English (what a message falls back to). */
export async function loadPart(part: Part, locale: Locale): Promise<void> {
  wanted.add(part);
  const load = (each: Locale) => {
    const key = `${part}:${each}`;
    let loading = partLoads.get(key);
    if (!loading) {
      loading = partLoaders[part][each]().then((table) => {
        partTables[each] = { ...partTables[each], ...table };
        partDone.add(key);
        for (const update of partArrived) update();
      });
      loading.catch(() => partLoads.delete(key)); // offline: the next call tries again
      partLoads.set(key, loading);
    }
    return loading;
  };
  await Promise.all(locale === 'en' ? [load('en')] : [load('en'), load(locale)]);
}

/** Told when a part arrives: what `hasPart` answered inside an effect or template runs again. */
const partArrived = new Set<() => void>();
const followParts = createSubscriber((update) => {
  partArrived.add(update);
  return () => partArrived.delete(update);
});

/**
 * Whether `part` can be said in `locale` (its table and English's are loaded); asked inside an
 * effect or a template, that re-runs when a part arrives.
 */
export function hasPart(part: Part, locale: Locale): boolean {
  followParts();
  return partDone.has(`${part}:en`) && partDone.has(`${part}:${locale}`);
}

export function isLoaded(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
/** Numbers in messages are written the locale's way (1,234 in English, 1234 or 1.234 in Spanish). */
function formatValue(locale: Locale, value: unknown): string {
  if (typeof value !== 'number') return String(value);
  // Small whole numbers (unread counts) read the same in every locale here (catalogues.test.ts):
  // the first Intl.NumberFormat costs tens of milliseconds of the first screen.
  if (Number.isInteger(value) && Math.abs(value) < 1000) return String(value);
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
  const say = (each: Locale) => loaded[each]?.[key] ?? partTables[each]?.[key];
  const found = say(locale) ?? say('en');
  // A part's message before its part was loaded: a screen forgot to ask for it (loadPart).
  if (!found) throw new Error(`the message ${key} is not loaded`);
  return found(inputs);
}
