/**
 * A small typed message catalogue: English is the source of keys, Spanish is checked against it.
 * The locale is a rune, so everything that calls `t` re-renders when it changes. English is
 * bundled; Spanish loads with `import()` when chosen (the root layout waits for the saved
 * language before the first screen draws), so a first screen carries one catalogue.
 */
import { en, type MessageKey } from './en.ts';

export const locales = { en: 'English', es: 'Español' } as const;
export type Locale = keyof typeof locales;

type Catalogue = Record<MessageKey, string>;
const loaders: Record<Locale, () => Promise<Catalogue>> = {
  en: async () => en,
  es: async () => (await import('./es.ts')).es,
};
const catalogues: Partial<Record<Locale, Catalogue>> = { en };
const storageKey = 'souk.locale';

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(storageKey);
  if (saved === 'en' || saved === 'es') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

class I18n {
  /** Switches only once the locale's catalogue is loaded, so `t` always has its words. */
  locale = $state<Locale>('en');
  /** Settles when the saved (or the browser's) language can be shown. */
  readonly ready: Promise<void>;

  constructor() {
    const initial = initialLocale();
    this.ready = this.load(initial).then(
      () => {
        this.locale = initial;
      },
      () => {
        // offline before the service worker cached the catalogue: stay in English
      },
    );
  }

  private async load(locale: Locale): Promise<void> {
    catalogues[locale] ??= await loaders[locale]();
  }

  async set(locale: Locale): Promise<void> {
    await this.load(locale);
    this.locale = locale;
    globalThis.localStorage?.setItem(storageKey, locale);
    document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = (catalogues[i18n.locale] ?? en)[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function formatTime(at: number): string {
  const date = new Date(at);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return new Intl.DateTimeFormat(
    i18n.locale,
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' },
  ).format(date);
}
