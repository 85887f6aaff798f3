/**
 * Lint for templates: the editor runs it as the business types, and the server runs it before
 * publishing, refusing any template with an issue. It reports every problem at once, each with
 * a path into the template (`translations.es.buttons.1.url`) and a sentence the editor can show
 * beside that field. Structural problems come from the schema; the product's rules are here:
 * the default language exists, every translation uses the same parameters as the default one,
 * parameters only where they can be filled (header text and body), the length limits, http/https
 * links only, phone numbers that are real E.164 numbers, and WhatsApp's structure rules for the
 * body (structure.ts; those issues' codes are reason codes of the contract).
 */
import { z } from 'zod';
import { toE164 } from '../phone.ts';
import { reasonMessages } from '../contract/messages.ts';
import { bodyProblems, bodyStructureProblems } from './structure.ts';
import {
  parameterNameSchema,
  placeholders,
  templateLimits,
  templateSchema,
  translationParameters,
  type Template,
  type Translation,
} from './template.ts';

export const templateIssueCodes = [
  'shape',
  'missing_default_language',
  'parameter_mismatch',
  'bad_parameter',
  'empty',
  'too_long',
  'too_many_buttons',
  'bad_link',
  'bad_phone',
  ...bodyProblems,
] as const;
export type TemplateIssueCode = (typeof templateIssueCodes)[number];

export interface TemplateIssue {
  path: string;
  code: TemplateIssueCode;
  message: string;
}

const linkSchema = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });
const graphemeCount = (value: string) =>
  Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(value)).length;

function lintTranslation(
  language: string,
  t: Translation,
  expected: string[] | null,
): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const at = (field: string) => `translations.${language}.${field}`;
  const add = (field: string, code: TemplateIssueCode, message: string) =>
    issues.push({ path: at(field), code, message });
  const limit = (field: string, value: string, max: number, what: string) => {
    if (graphemeCount(value) > max)
      add(field, 'too_long', `${what} can have at most ${max} characters.`);
  };
  const noParameters = (field: string, value: string, what: string) => {
    if (value.includes('{{') || value.includes('}}'))
      add(
        field,
        'bad_parameter',
        `${what} cannot contain parameters; use them in the header or body.`,
      );
  };

  if (t.header?.type === 'text') {
    if (t.header.text.trim() === '') add('header.text', 'empty', 'The header text is empty.');
    limit('header.text', t.header.text, templateLimits.headerChars, 'The header');
  }
  if (t.body.trim() === '') add('body', 'empty', 'The body is empty.');
  else for (const code of bodyStructureProblems(t.body)) add('body', code, reasonMessages[code]);
  limit('body', t.body, templateLimits.bodyChars, 'The body');
  if (t.footer !== undefined) {
    limit('footer', t.footer, templateLimits.footerChars, 'The footer');
    noParameters('footer', t.footer, 'The footer');
  }

  const header = t.header?.type === 'text' ? t.header.text : '';
  for (const name of placeholders(`${header}\n${t.body}`)) {
    if (!parameterNameSchema.safeParse(name).success)
      add(
        'body',
        'bad_parameter',
        `"{{${name}}}" is not a valid parameter; use names like {{order_id}}.`,
      );
  }
  const stray = `${header}\n${t.body}`.replace(/\{\{[^{}]*\}\}/g, '');
  if (stray.includes('{{') || stray.includes('}}'))
    add('body', 'bad_parameter', 'Unbalanced braces: write parameters as {{name}}.');

  const buttons = t.buttons ?? [];
  if (buttons.length > templateLimits.buttons)
    add('buttons', 'too_many_buttons', `At most ${templateLimits.buttons} buttons.`);
  buttons.forEach((button, i) => {
    if (button.text.trim() === '') add(`buttons.${i}.text`, 'empty', 'A button needs a text.');
    limit(`buttons.${i}.text`, button.text, templateLimits.buttonChars, 'A button');
    noParameters(`buttons.${i}.text`, button.text, 'A button');
    if (button.type === 'url' && !linkSchema.safeParse(button.url).success)
      add(
        `buttons.${i}.url`,
        'bad_link',
        'A link must be a full http:// or https:// address with a domain name.',
      );
    if (button.type === 'phone' && toE164(button.phone) !== button.phone)
      add(
        `buttons.${i}.phone`,
        'bad_phone',
        'A call button needs a valid phone number in international form, like +34600123456.',
      );
  });

  if (expected) {
    const used = translationParameters(t);
    const missing = expected.filter((p) => !used.includes(p));
    const extra = used.filter((p) => !expected.includes(p));
    if (missing.length || extra.length) {
      const parts = [
        missing.length ? `missing ${missing.map((p) => `{{${p}}}`).join(', ')}` : '',
        extra.length ? `has extra ${extra.map((p) => `{{${p}}}`).join(', ')}` : '',
      ].filter(Boolean);
      add(
        'body',
        'parameter_mismatch',
        `This translation must use the same parameters as the default language: ${parts.join(' and ')}.`,
      );
    }
  }
  return issues;
}

/** Every issue of a template, structural or not; an empty list means it can be published. */
export function lintTemplate(input: unknown): TemplateIssue[] {
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      code: 'shape',
      message: issue.message,
    }));
  const template = parsed.data;
  const main = template.translations[template.defaultLanguage];
  const issues: TemplateIssue[] = [];
  if (!main)
    issues.push({
      path: 'defaultLanguage',
      code: 'missing_default_language',
      message: `There is no translation for the default language ${template.defaultLanguage}.`,
    });
  const expected = main ? translationParameters(main) : null;
  for (const [language, translation] of Object.entries(template.translations))
    issues.push(
      ...lintTranslation(
        language,
        translation,
        language === template.defaultLanguage ? null : expected,
      ),
    );
  return issues;
}

export type TemplateCheck =
  { ok: true; template: Template } | { ok: false; issues: TemplateIssue[] };

/** For the publish boundary: parses and lints at once. */
export function checkTemplate(input: unknown): TemplateCheck {
  const issues = lintTemplate(input);
  return issues.length
    ? { ok: false, issues }
    : { ok: true, template: templateSchema.parse(input) };
}
