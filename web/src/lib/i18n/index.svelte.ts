/**
 * A small typed message catalogue: English is the source of keys, Spanish is checked against it.
 * The locale is a rune, so everything that calls `t` re-renders when it changes.
 */
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';

export const locales = { en: 'English', es: 'Español' } as const;
export type Locale = keyof typeof locales;

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, es };
const storageKey = 'souk.locale';

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(storageKey);
  if (saved === 'en' || saved === 'es') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

class I18n {
  locale = $state<Locale>(initialLocale());

  set(locale: Locale): void {
    this.locale = locale;
    globalThis.localStorage?.setItem(storageKey, locale);
    document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[i18n.locale][key];
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
