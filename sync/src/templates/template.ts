/**
 * Message templates: what a business composes once, in several languages, and then sends many
 * times with different parameters. Why it is shaped so:
 * - The schema here is structural (types, and generous caps that bound the work of checking);
 *   the product's rules (length limits, consistent parameters, safe links, real phone numbers)
 *   live in lint.ts, which reports every problem at once with a path, for the editor to show.
 * - Translations are a record keyed by language tag (`en`, `es`, `es-MX`, `zh-Hant`), and the
 *   template names its default language, which must be one of them.
 * - Parameters are named (`{{order_id}}`), not numbered, so translators can reorder them.
 * - A published template is immutable; editing it publishes `version + 1`, and messages name the
 *   version they were sent with, so old messages keep rendering as they were.
 */
import { z } from 'zod';
import { templateCategorySchema } from './category.ts';

export const templateLimits = {
  headerChars: 60,
  bodyChars: 1024,
  footerChars: 60,
  buttonChars: 25,
  buttons: 3,
  parameterValueChars: 256,
} as const;

export const templateNameSchema = z
  .string()
  .regex(/^[a-z0-9_]{1,64}$/, 'A template name uses a-z, 0-9 and _ only, at most 64 characters.');

/** A BCP 47 tag in canonical case: language, optional script, optional region. */
export const languageTagSchema = z
  .string()
  .regex(
    /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/,
    'A language is written like en, es, es-MX or zh-Hant.',
  );
export type LanguageTag = z.infer<typeof languageTagSchema>;

export const parameterNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);

// Structural caps only: ten times the product limits, so lint can report "too long" usefully.
const text = (cap: number) => z.string().max(cap * 10);

export const templateHeaderSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: text(templateLimits.headerChars) }).strict(),
  z
    .object({
      type: z.literal('image'),
      url: z
        .string()
        .regex(
          /^\/media\/[A-Za-z0-9_-]{8,64}(?:\.(?:jpg|png|webp))?$/,
          'The header image must be an uploaded image.',
        ),
    })
    .strict(),
]);
export type TemplateHeader = z.infer<typeof templateHeaderSchema>;

export const templateButtonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quick_reply'), text: text(templateLimits.buttonChars) }).strict(),
  z
    .object({
      type: z.literal('url'),
      text: text(templateLimits.buttonChars),
      url: z.string().max(2048),
    })
    .strict(),
  z
    .object({
      type: z.literal('phone'),
      text: text(templateLimits.buttonChars),
      phone: z.string().max(32),
    })
    .strict(),
]);
export type TemplateButton = z.infer<typeof templateButtonSchema>;

export const translationSchema = z
  .object({
    header: templateHeaderSchema.optional(),
    body: text(templateLimits.bodyChars),
    footer: text(templateLimits.footerChars).optional(),
    buttons: z
      .array(templateButtonSchema)
      .max(templateLimits.buttons * 3)
      .optional(),
  })
  .strict();
export type Translation = z.infer<typeof translationSchema>;

export const templateSchema = z
  .object({
    name: templateNameSchema,
    version: z.int().positive(),
    category: templateCategorySchema,
    defaultLanguage: languageTagSchema,
    translations: z
      .record(languageTagSchema, translationSchema)
      .refine((t) => Object.keys(t).length <= 64, 'At most 64 translations.'),
  })
  .strict();
export type Template = z.infer<typeof templateSchema>;

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every `{{...}}` in a text, in order, with the raw name between the braces. */
export function placeholders(value: string): string[] {
  return Array.from(value.matchAll(placeholder), (m) => m[1]!);
}

/** The parameter names a translation uses (header text and body), sorted and unique. */
export function translationParameters(translation: Translation): string[] {
  const header = translation.header?.type === 'text' ? translation.header.text : '';
  return [...new Set(placeholders(`${header}\n${translation.body}`))].sort();
}

/** Replaces each `{{name}}` once (values are never expanded again); unknown names stay as typed. */
export function fillParameters(value: string, params: Record<string, string>): string {
  return value.replace(placeholder, (whole, name: string) =>
    Object.hasOwn(params, name) ? params[name]! : whole,
  );
}

/** `POST /api/business/templates`: a template to publish; the server numbers the version. */
export const publishTemplateSchema = templateSchema.omit({ version: true });
export type TemplateDraft = z.infer<typeof publishTemplateSchema>;

/** `GET /api/templates/:businessId/pack`: every published version of a business's templates. */
export const templatePackSchema = z.object({
  businessId: z.string(),
  templates: z.array(templateSchema),
  publishedAt: z.number(),
});
export type TemplatePack = z.infer<typeof templatePackSchema>;
