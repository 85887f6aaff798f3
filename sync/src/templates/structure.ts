/**
 * WhatsApp's structure rules for templates, which Souk follows so a template cannot be free-form
 * text in disguise: the body has at least three words of its own (fixed text, outside any
 * parameter) and neither starts nor ends with a parameter; a parameter value has no newline or
 * tab and at most 100 characters. Lint refuses a template that breaks the first two when it is
 * published; the send paths (check-message.ts) check both again, so an older published version
 * or a hand-built message is refused too. Each problem is a reason code (contract/codes.ts).
 */
import type { TemplateReason } from '../contract/codes.ts';

/** A body's problems (lint reports them as issues); a value's problems (only at send). */
export type BodyProblem = Extract<
  TemplateReason,
  'template_few_words' | 'template_parameter_at_edge'
>;
export type ValueProblem = Exclude<TemplateReason, BodyProblem>;
export const bodyProblems = [
  'template_few_words',
  'template_parameter_at_edge',
] as const satisfies BodyProblem[];

export const templateStructure = {
  minFixedWords: 3,
  parameterValueChars: 100,
} as const;

const placeholder = /\{\{[^{}]*\}\}/g;
const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Words of a text (letters or digits, in any script: 您好 is a word, "," is not). */
function wordCount(text: string): number {
  let count = 0;
  for (const segment of words.segment(text)) if (segment.isWordLike) count++;
  return count;
}

/** What is wrong with a template body's structure, in the order checked ([] when nothing). */
export function bodyStructureProblems(body: string): BodyProblem[] {
  const problems: BodyProblem[] = [];
  const trimmed = body.trim();
  if (wordCount(trimmed.replace(placeholder, ' ')) < templateStructure.minFixedWords)
    problems.push('template_few_words');
  if (trimmed.startsWith('{{') || trimmed.endsWith('}}'))
    problems.push('template_parameter_at_edge');
  return problems;
}

/** Why a parameter value cannot be sent, or null. */
export function parameterValueProblem(value: string): ValueProblem | null {
  if (/[\n\r\t\v\f\u2028\u2029]/.test(value)) return 'parameter_has_newline';
  if (Array.from(graphemes.segment(value)).length > templateStructure.parameterValueChars)
    return 'parameter_too_long';
  return null;
}
