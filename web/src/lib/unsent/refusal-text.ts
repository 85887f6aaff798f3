/**
 * Why a message was not sent, in the reader's language: the stored reason code, said by the
 * one translation table (i18n/refusals.ts). A stored code this app does not know (written by an
 * older version: an error kind, say) gets the generic refusal. Tests assert codes, never sentences.
 */
import { isReasonCode } from '@souk/sync';
import type { Locale } from '../i18n/catalogues.ts';
import { refusalText as textOf } from '../i18n/refusals.ts';

export type Lang = Locale;

/** The sentence for a reason code (with its details); an unknown one gets the generic refusal. */
export function refusalText(
  code: string,
  lang: Lang,
  details: Record<string, unknown> = {},
): string {
  return isReasonCode(code) ? textOf(lang, code, details) : textOf(lang, 'unknown');
}
