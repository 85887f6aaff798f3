/**
 * A person's profile, `person:<personId>`, one key per field in its `person` map:
 *   name   the display name   written by the platform only, after the server compared it with
 *                             the platform's name and every verified business's (no look-alike
 *                             of either: `name_impersonates_platform`, `name_impersonates_verified`)
 *   photo  `/media/<id>.webp` written by the platform only (the server resized it, dropped metadata)
 *   about  a short line       written by the person (offline too) or through HTTP
 * Who may open it is the server's (server/src/profiles/): its person, the people and businesses
 * they have a conversation with, a business they opted in to hear from — never one they blocked.
 *
 * A display name is normalised like a business name (NFC, one space between words, trimmed) and
 * counted in graphemes, so two spellings of one name compare equal and nobody stacks marks.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import type { NameReason } from '../contract/codes.ts';
import { normalizeBusinessName } from '../business/name.ts';

export { readPersonProfile, type PersonProfile } from './profile-read.ts';

export const personProfileLimits = {
  nameGraphemes: 25,
  about: 140,
  maxMarksPerGrapheme: 3,
} as const;

export type DisplayNameResult = { ok: true; name: string } | { ok: false; code: NameReason };

/** Control, format (bidi overrides, zero-width joiners), private-use and unassigned characters. */
const invisible = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
const mark = /\p{M}/u;
const linkLike = /https?:|www\.|:\/\//iu;

function graphemes(text: string): string[] {
  return Array.from(
    new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text),
    (s) => s.segment,
  );
}

/** The display name's own rules (the look-alike check needs the server's list of names). */
export function validateDisplayName(input: unknown): DisplayNameResult {
  if (typeof input !== 'string') return { ok: false, code: 'not_text' };
  const name = normalizeBusinessName(input);
  const chars = graphemes(name);
  if (chars.length < 1) return { ok: false, code: 'too_short' };
  if (chars.length > personProfileLimits.nameGraphemes) return { ok: false, code: 'too_long' };
  if (invisible.test(name)) return { ok: false, code: 'character' };
  if (linkLike.test(name)) return { ok: false, code: 'link' };
  const marks = (g: string) => Array.from(g).filter((c) => mark.test(c)).length;
  if (chars.some((g) => marks(g) > personProfileLimits.maxMarksPerGrapheme))
    return { ok: false, code: 'too_many_marks' };
  return { ok: true, name };
}

const displayNameSchema = z.string().superRefine((value, ctx) => {
  const result = validateDisplayName(value);
  if (!result.ok) ctx.addIssue({ code: 'custom', message: `Not a display name (${result.code}).` });
  else if (result.name !== value)
    ctx.addIssue({ code: 'custom', message: 'The name is not normalised.' });
});

export const aboutSchema = z
  .string()
  .max(
    personProfileLimits.about,
    `The about line can have at most ${personProfileLimits.about} characters.`,
  )
  .refine(
    (value) => !invisible.test(value.replace(/\n/g, '')),
    'Invisible characters are not allowed.',
  );

export const personFieldSchemas = {
  name: displayNameSchema,
  about: aboutSchema,
  photo: z
    .string()
    .regex(/^\/media\/[A-Za-z0-9_-]{8,64}\.webp$/, 'The photo must be an uploaded image.'),
} as const;
export type PersonProfileKey = keyof typeof personFieldSchemas;
export const personProfileKeys = Object.keys(personFieldSchemas) as PersonProfileKey[];
/** Fields only the platform writes: what was checked (the name) or made (the photo) by the server. */
export const platformPersonKeys: readonly PersonProfileKey[] = ['name', 'photo'];

export function isPersonProfileKey(key: string): key is PersonProfileKey {
  return Object.hasOwn(personFieldSchemas, key);
}

/** Checks one map write; null when valid, or the reason. */
export function checkPersonField(key: string, value: unknown): string | null {
  if (!isPersonProfileKey(key)) return `unknown profile field ${key}`;
  const parsed = personFieldSchemas[key].safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? `invalid ${key}`);
}

export function personProfileMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('person');
}

/** The person's about line (an empty line removes it). */
export function setAbout(doc: Y.Doc, about: string): void {
  const map = personProfileMap(doc);
  const line = about.trim();
  if (line === '') map.delete('about');
  else map.set('about', line);
}

/** `PUT /api/profile`: the display name and about line, each optional (null removes). */
export const personProfileUpdateSchema = z
  .object({
    name: z.string().max(200).nullable().optional(),
    about: z.string().trim().max(personProfileLimits.about).nullable().optional(),
  })
  .strict();
export type PersonProfileUpdate = z.infer<typeof personProfileUpdateSchema>;

export const personProfileSchema = z.object({
  name: z.string().optional(),
  about: z.string().optional(),
  photo: z.string().optional(),
});
