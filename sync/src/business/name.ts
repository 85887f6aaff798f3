/**
 * The rules for a business's display name, run by the app as the owner types and by the server
 * at registration and on name-change requests, so both say the same thing in the same words.
 *
 * Why it is shaped so:
 * - The name is normalised first (NFC, typographic apostrophes to `'`, trimmed, runs of
 *   whitespace collapsed to one space) and the normalised name is what gets stored, so
 *   "Ben  &  Jerry’s" and "Ben & Jerry's" are the same name.
 * - Length is counted in graphemes (what a person sees as one character), so "Café" is 4 whether
 *   the é is one code point or two, and an Arabic or Devanagari name is not penalised for its
 *   combining marks. A grapheme may carry at most three marks, which stops "zalgo" text.
 * - Specific checks (emoji, links, the platform's name, claims of official status) run before the
 *   generic character check so the refusal names the real problem.
 * - The platform's name is refused as a word ("Souk", "SOUK", "Souk-Shop", "Souk24"), as a part
 *   of a camel-case compound ("SoukShop", "MySouk") and glued to a word that would pass for a
 *   platform service ("soukshop", "soukpay"). It is allowed inside ordinary words: "Soukaina" is a
 *   common first name, and "سوق" (Arabic for market) is a generic word, not our brand.
 */
import { z } from 'zod';
import { nameReasons } from '../contract/codes.ts';

export const businessNameLimits = {
  minGraphemes: 3,
  maxGraphemes: 25,
  maxMarksPerGrapheme: 3,
} as const;

/** The reason codes, registered in the contract's closed list. */
export const nameRefusals = nameReasons;
export type NameRefusal = (typeof nameRefusals)[number];

export type BusinessNameResult =
  | { ok: true; name: string }
  /** `char`: the character refused with `character`, for apps that word the reason themselves. */
  | { ok: false; code: NameRefusal; reason: string; char?: string };

const emoji =
  /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u{FE0E}\u{FE0F}\u{20E3}\u{E0020}-\u{E007F}]/u;
const allowedChar = /^[\p{L}\p{M}\p{Nd} &'\-.,]$/u;
const letter = /\p{L}/u;
const mark = /\p{M}/u;
const topLevelDomains =
  'com|net|org|info|biz|io|co|app|shop|store|online|site|xyz|me|ly|to|tv|us|uk|es|mx|ar|br|cl|pe|de|fr|it|pt|ru|cn|in|ai|dev|link|top|club|web|page';
const linkLike = new RegExp(
  `https?|www\\.|:\\/\\/|[\\p{L}\\p{Nd}]\\.(?:${topLevelDomains})(?![\\p{L}\\p{Nd}])`,
  'iu',
);
const platformWord = /^souks?$/;
const platformCompound =
  /^(?:souks?(?:shop|store|app|pay|team|help|support|business|biz|official|market|chat|messenger|admin)|(?:my|the|get|official|team|go)souks?)$/;
const officialWords = new Set([
  'official',
  'officially',
  'verified',
  'oficial',
  'oficiales',
  'oficialmente',
  'verificado',
  'verificada',
  'verificados',
  'verificadas',
  'officiel',
  'officielle',
  'verifie',
  'verifiee',
  'admin',
  'administrator',
  'administrador',
  'moderator',
  'moderador',
]);
const officialPhrases = [
  'support team',
  'help team',
  'security team',
  'customer support team',
  'equipo de soporte',
  'equipo de ayuda',
  'equipo de seguridad',
  'soporte oficial',
  'atencion oficial',
];

/** Lower case without accents, for comparing words across spellings ("Verificadó" = "verificado"). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Normalises what was typed; the result is what gets stored when the name is accepted. */
export function normalizeBusinessName(input: string): string {
  return input
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/\s+/gu, ' ')
    .trim();
}

function graphemes(text: string): string[] {
  return Array.from(
    new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text),
    (s) => s.segment,
  );
}

/** Words split on spaces and punctuation, then on camel case and letter/digit boundaries, as typed. */
function rawParts(name: string): { words: string[]; parts: string[] } {
  const words = name.split(/[ &'\-.,]+/u).filter(Boolean);
  const parts = words.flatMap((word) =>
    word.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{Nd})|(?<=\p{Nd})(?=\p{L})/u),
  );
  return { words, parts };
}

function nameParts(name: string): { words: string[]; parts: string[] } {
  const { words, parts } = rawParts(name);
  return { words: words.map(fold), parts: parts.map(fold) };
}

/** The name's words and their parts as typed, for checks that fold them their own way (look-alikes). */
export function namePieces(name: string): string[] {
  const { words, parts } = rawParts(name);
  return [...new Set([...words, ...parts])];
}

/** Whether a folded word is the platform's name or a compound that would pass for a service of it. */
export function isPlatformWord(folded: string): boolean {
  return platformWord.test(folded) || platformCompound.test(folded);
}

const refuse = (code: NameRefusal, reason: string, char?: string): BusinessNameResult =>
  char === undefined ? { ok: false, code, reason } : { ok: false, code, reason, char };

export function validateBusinessName(input: unknown): BusinessNameResult {
  if (typeof input !== 'string') return refuse('not_text', 'The name must be text.');
  const name = normalizeBusinessName(input);
  const chars = graphemes(name);
  const { minGraphemes: min, maxGraphemes: max } = businessNameLimits;
  if (chars.length < min) return refuse('too_short', `The name needs at least ${min} characters.`);
  if (chars.length > max) return refuse('too_long', `The name can have at most ${max} characters.`);
  if (emoji.test(name)) return refuse('emoji', 'Emoji are not allowed in a business name.');
  if (linkLike.test(name))
    return refuse('link', 'A business name cannot contain a link or web address.');
  const { words, parts } = nameParts(name);
  if ([...words, ...parts].some(isPlatformWord))
    return refuse('platform_name', 'A business name cannot use the name Souk.');
  const folded = ` ${words.join(' ')} `;
  if (
    [...words, ...parts].some((w) => officialWords.has(w)) ||
    officialPhrases.some((p) => folded.includes(` ${p} `))
  )
    return refuse(
      'official_claim',
      'A business name cannot claim official status (words like "official" or "verified"). Verified businesses get a ✅ instead.',
    );
  for (const char of name) {
    if (!allowedChar.test(char))
      return refuse(
        'character',
        `"${char}" is not allowed. Use letters, digits, spaces and & ' - . , only.`,
        char,
      );
  }
  if (
    chars.some(
      (g) =>
        Array.from(g).filter((c) => mark.test(c)).length > businessNameLimits.maxMarksPerGrapheme,
    )
  )
    return refuse('too_many_marks', 'Too many accents or marks on one character.');
  if (!letter.test(name)) return refuse('no_letter', 'The name needs at least one letter.');
  return { ok: true, name };
}

/** For schemas: a string that is already a valid, normalised business name. */
export const businessNameSchema = z.string().superRefine((value, ctx) => {
  const result = validateBusinessName(value);
  if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
  else if (result.name !== value)
    ctx.addIssue({ code: 'custom', message: 'The name is not normalised.' });
});
