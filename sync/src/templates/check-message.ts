/**
 * Whether a template message is what it claims: a published version of one of the sender's
 * templates, in its category, with exactly the parameters the template uses, and a fallback that
 * is the template's own rendering. The last point matters most: outside the 24-hour window only
 * templates may be sent, so a fallback with any other text would be free-form text in disguise.
 */
import { fallbackText } from './render.ts';
import { translationParameters, type Template } from './template.ts';
import type { TemplateMessage } from './message.ts';
import type { TemplateReason } from '../contract/codes.ts';
import { bodyStructureProblems, parameterValueProblem } from './structure.ts';

/** Null when the message matches `template`, or the reason it does not. */
export function checkTemplateMessage(
  message: TemplateMessage,
  template: Template | null,
): string | null {
  if (!template) return `no published template ${message.template} version ${message.version}`;
  if (template.category !== message.category) return 'the category is not the template’s';
  if (message.language && !Object.hasOwn(template.translations, message.language))
    return `the template has no ${message.language} translation`;
  const needed = new Set(
    Object.values(template.translations).flatMap((translation) =>
      translationParameters(translation),
    ),
  );
  const given = Object.keys(message.params);
  const missing = [...needed].filter((name) => !given.includes(name));
  if (missing.length > 0) return `missing parameters: ${missing.join(', ')}`;
  const unknown = given.filter((name) => !needed.has(name));
  if (unknown.length > 0) return `unknown parameters: ${unknown.join(', ')}`;
  if (message.fallback.trim() !== fallbackText(template, message.params).trim())
    return 'the fallback is not the template’s text';
  return null;
}

/**
 * WhatsApp's structure rules (structure.ts) on a genuine template message: its parameter values,
 * then the template's bodies (a version published before the rules existed is refused too).
 */
export function templateMessageReason(
  message: Pick<TemplateMessage, 'params'>,
  template: Template,
): TemplateReason | null {
  for (const value of Object.values(message.params)) {
    const problem = parameterValueProblem(value);
    if (problem) return problem;
  }
  for (const translation of Object.values(template.translations)) {
    const [problem] = bodyStructureProblems(translation.body);
    if (problem) return problem;
  }
  return null;
}
