/**
 * The apps' words: Paraglide's compiled messages behind a typed `t('key', params)`. The locale is
 * a rune, so everything that calls `t` re-renders when it changes. Paraglide's runtime picks the
 * first language: the one chosen on this device (localStorage 'souk.locale', kept only when
 * chosen), else the browser's languages, else English. The root layout waits for `ready` so the
 * first screen draws in that language.
 */
import { relativeTime } from './relative-time.ts';
import {
  defineCustomClientStrategy,
  getLocale,
  setLocale,
} from '../../../.paraglide/locale-runtime.js';
import {
  loadCatalogue,
  loadPart,
  localeNames,
  message,
  type Locale,
  type MessageKey,
  type Params,
  type Part,
} from './catalogues.ts';

export type { KeysUnder, Locale, MessageKey, Part } from './catalogues.ts';
export { localeNames as locales } from './catalogues.ts';

const storageKey = 'souk.locale';
defineCustomClientStrategy('custom-saved', {
  getLocale: () => {
    const saved = globalThis.localStorage?.getItem(storageKey);
    return saved && Object.hasOwn(localeNames, saved) ? saved : undefined;
  },
  // Paraglide also "sets" the language it detected on first use: that is no choice, keep nothing.
  setLocale: () => {},
});

class I18n {
  /** Switches only once the locale's messages are loaded, so `t` always has its words. */
  locale = $state<Locale>('en');
  /** Settles when the saved (or the browser's) language can be shown. */
  readonly ready: Promise<void>;

  constructor() {
    const initial = getLocale();
    this.ready = loadCatalogue(initial).then(
      () => {
        this.locale = initial;
        globalThis.document?.documentElement.setAttribute('lang', initial);
      },
      () => {
        // offline before the service worker cached the Spanish chunk: stay in English
      },
    );
  }

  /** Loads a part of the messages (the console's) in the language shown, and later ones too. */
  async loadPart(part: Part): Promise<void> {
    await this.ready;
    await loadPart(part, this.locale);
  }

  async set(locale: Locale): Promise<void> {
    await loadCatalogue(locale);
    globalThis.localStorage?.setItem(storageKey, locale);
    setLocale(locale, { reload: false });
    this.locale = locale;
    document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();

export function t(key: MessageKey, params: Params = {}): string {
  return message(i18n.locale, key, params);
}

/** A count or amount in the app's language (1,234 / 1234 / 12.345), through Intl. */
export function formatNumber(value: number): string {
  return formatter(`number ${i18n.locale}`, () => new Intl.NumberFormat(i18n.locale)).format(value);
}

/** A message's time: the hour today, the day and month before (Intl, in the app's language). */
export function formatTime(at: number, now: number = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  const { locale } = i18n;
  return (
    sameDay
      ? formatter(
          `hour ${locale}`,
          () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
        )
      : formatter(
          `day ${locale}`,
          () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }),
        )
  ).format(at);
}

/** Intl's formatters, made once per kind and language: making one costs far more than using it. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(
  key: string,
  make: () => F,
): F {
  let made = formatters.get(key) as F | undefined;
  if (!made) formatters.set(key, (made = make()));
  return made;
}

/** How long ago, in the app's language ("5 minutes ago", "now"): see relative-time.ts. */
export function formatAgo(at: number, now: number = Date.now()): string {
  return relativeTime(i18n.locale, at, now);
}
