/**
 * Rendering a template for one reader, on the device and offline. The reader's locale picks the
 * translation: the exact locale, then shorter forms of it (es-MX → es; zh-Hant-TW → zh-Hant →
 * zh), then the business's default language. A device states several languages in order of
 * preference (`navigator.languages`): each is tried with its shorter forms before the next, so
 * a phone set to Mexican Spanish, then French, reads es-MX, es, fr, then the default. Parameters are filled in one pass, so a value that
 * itself looks like `{{x}}` is shown as typed, never expanded. `fallbackText` is the plain text a
 * template message carries for devices that cannot render it (no pack yet, an old app).
 */
import { limits } from '../limits.ts';
import {
  fillParameters,
  translationParameters,
  type Template,
  type TemplateButton,
  type TemplateHeader,
} from './template.ts';

export interface RenderedTemplate {
  /** The translation that was used. */
  language: string;
  header?: TemplateHeader;
  body: string;
  footer?: string;
  buttons: TemplateButton[];
  /** Parameters the translation uses but `params` lacked; they are left as `{{name}}`. */
  missing: string[];
}

/** The locale and its shorter forms, most specific first; [] if it is not a locale at all. */
export function localeChain(locale: string): string[] {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0] ?? '';
  } catch {
    return [];
  }
  const subtags = canonical.split(/-(?:[a-wyz]|x)-/)[0]!.split('-'); // drop extensions
  return subtags.map((_, i) => subtags.slice(0, subtags.length - i).join('-'));
}

/** The translation a reader with `locale` (or these locales, preferred first) sees. */
export function resolveLanguage(template: Template, locale: string | readonly string[]): string {
  const preferred = typeof locale === 'string' ? [locale] : locale;
  const found = preferred
    .flatMap(localeChain)
    .find((tag) => Object.hasOwn(template.translations, tag));
  return found ?? template.defaultLanguage;
}

export function renderTemplate(
  template: Template,
  locale: string | readonly string[],
  params: Record<string, string>,
): RenderedTemplate {
  const language = resolveLanguage(template, locale);
  const t = template.translations[language];
  if (!t) throw new Error(`template ${template.name} has no ${language} translation`);
  const rendered: RenderedTemplate = {
    language,
    body: fillParameters(t.body, params),
    buttons: t.buttons ?? [],
    missing: translationParameters(t).filter((p) => !Object.hasOwn(params, p)),
  };
  if (t.header)
    rendered.header =
      t.header.type === 'text'
        ? { type: 'text', text: fillParameters(t.header.text, params) }
        : t.header;
  if (t.footer !== undefined) rendered.footer = t.footer;
  return rendered;
}

function buttonLine(button: TemplateButton): string {
  switch (button.type) {
    case 'url':
      return `${button.text}: ${button.url}`;
    case 'phone':
      return `${button.text}: ${button.phone}`;
    case 'quick_reply':
      return button.text;
  }
}

/** Plain text in the business's default language: header text, body, footer, one line per button. */
export function fallbackText(template: Template, params: Record<string, string>): string {
  const r = renderTemplate(template, template.defaultLanguage, params);
  const blocks = [
    r.header?.type === 'text' ? r.header.text : '',
    r.body,
    r.footer ?? '',
    r.buttons.map((b) => `• ${buttonLine(b)}`).join('\n'),
  ].filter((block) => block.trim() !== '');
  return blocks.join('\n\n').slice(0, limits.maxMessageChars);
}
