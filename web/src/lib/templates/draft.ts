/** The editor's working copy of a template: plain, string-typed fields, turned into a draft. */
import type {
  TemplateButton,
  TemplateCategory,
  TemplateDraft,
  TemplateHeader,
  Translation,
} from '@souk/sync';

export interface ButtonFields {
  type: TemplateButton['type'];
  text: string;
  target: string;
}

export type HeaderType = 'none' | TemplateHeader['type'];

export interface TranslationFields {
  language: string;
  headerType: HeaderType;
  /** The header's text; kept while another kind is chosen, so switching back loses nothing. */
  header: string;
  /** The uploaded header photo's `/media/…` URL ('' until one is uploaded). */
  headerImage: string;
  body: string;
  footer: string;
  buttons: ButtonFields[];
}

export interface DraftFields {
  name: string;
  category: TemplateCategory;
  defaultLanguage: string;
  translations: TranslationFields[];
}

export const emptyTranslation = (language: string): TranslationFields => ({
  language,
  headerType: 'none',
  header: '',
  headerImage: '',
  body: '',
  footer: '',
  buttons: [],
});

function toButton(b: ButtonFields): TemplateButton {
  if (b.type === 'url') return { type: 'url', text: b.text, url: b.target.trim() };
  if (b.type === 'phone') return { type: 'phone', text: b.text, phone: b.target.trim() };
  return { type: 'quick_reply', text: b.text };
}

/** An image header chosen but no photo uploaded yet: nothing to publish. */
export const imageMissing = (t: TranslationFields): boolean =>
  t.headerType === 'image' && !t.headerImage;

function toHeader(t: TranslationFields): TemplateHeader | undefined {
  if (t.headerType === 'text' && t.header.trim()) return { type: 'text', text: t.header };
  if (t.headerType === 'image' && t.headerImage) return { type: 'image', url: t.headerImage };
  return undefined;
}

function toTranslation(t: TranslationFields): Translation {
  const translation: Translation = { body: t.body };
  const header = toHeader(t);
  if (header) translation.header = header;
  if (t.footer.trim()) translation.footer = t.footer;
  if (t.buttons.length > 0) translation.buttons = t.buttons.map(toButton);
  return translation;
}

/** What is published (and linted): empty optional fields are left out. */
export function toDraft(fields: DraftFields): TemplateDraft {
  return {
    name: fields.name.trim(),
    category: fields.category,
    defaultLanguage: fields.defaultLanguage,
    translations: Object.fromEntries(
      fields.translations.map((t) => [t.language.trim(), toTranslation(t)]),
    ),
  };
}

/** An existing template back into fields, to edit it as its next version. */
export function fromTemplate(template: TemplateDraft): DraftFields {
  return {
    name: template.name,
    category: template.category,
    defaultLanguage: template.defaultLanguage,
    translations: Object.entries(template.translations).map(([language, t]) => ({
      language,
      headerType: t.header?.type ?? 'none',
      header: t.header?.type === 'text' ? t.header.text : '',
      headerImage: t.header?.type === 'image' ? t.header.url : '',
      body: t.body,
      footer: t.footer ?? '',
      buttons: (t.buttons ?? []).map((b) => ({
        type: b.type,
        text: b.text,
        target: b.type === 'url' ? b.url : b.type === 'phone' ? b.phone : '',
      })),
    })),
  };
}
