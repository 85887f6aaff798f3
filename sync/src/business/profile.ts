/**
 * The public business profile, stored in the `profile:<businessId>` document's `profile` map,
 * one key per field. Why it is shaped so:
 * - One schema per key (`profileFieldSchemas`): the CRDT validator sees one map write at a time,
 *   so it checks the written key alone; a whole-object schema could not tell which write is bad.
 * - `name`, `verified`, `category` and `photo` are written by the platform only (registration,
 *   name review, verification; category and photo through HTTP, so search and the resized upload
 *   stay the truth); the rest by the business. `platformProfileKeys` is that split.
 * - Hours are wall-clock intervals in the business's IANA timezone, because that is how a shop
 *   states them; an interval whose end is not after its start runs past midnight
 *   ("22:00-02:00"), and "00:00-24:00" is open all day. `isOpenAt` takes the time as a number.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { businessNameSchema } from './name.ts';
import { businessCategories } from './platform-values.ts';

export const businessCategorySchema = z.enum(businessCategories, {
  error: `Choose one of the categories: ${businessCategories.join(', ')}.`,
});
export type BusinessCategory = z.infer<typeof businessCategorySchema>;

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const clock = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const intervalPattern = new RegExp(`^(${clock})-(${clock}|24:00)$`);

/** Minutes since midnight of an interval's ends; `end <= start` means it runs past midnight. */
export function parseInterval(interval: string): { start: number; end: number } | null {
  const match = intervalPattern.exec(interval);
  if (!match) return null;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return { start: minutes(match[1]!), end: minutes(match[2]!) };
}

export const intervalSchema = z
  .string()
  .regex(intervalPattern, 'Opening hours are written HH:MM-HH:MM, for example 09:00-17:30.')
  .refine((value) => {
    const parsed = parseInterval(value);
    return parsed !== null && parsed.start !== parsed.end;
  }, 'An opening interval cannot start and end at the same time; use 00:00-24:00 for all day.');

/** Same-day parts of a day's intervals must not overlap (a past-midnight one counts until 24:00). */
const daySchema = z
  .array(intervalSchema)
  .max(6, 'At most 6 opening intervals per day.')
  .refine((intervals) => {
    const spans = intervals
      .flatMap((i) => parseInterval(i) ?? []) // malformed ones are reported by intervalSchema
      .map(({ start, end }) => ({ start, end: end > start ? end : 24 * 60 }))
      .sort((a, b) => a.start - b.start);
    return spans.every((span, i) => i === 0 || spans[i - 1]!.end <= span.start);
  }, 'Opening intervals on the same day overlap.');

export function isTimeZone(value: string): boolean {
  if (!/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const openingHoursSchema = z
  .object({
    timezone: z.string().refine(isTimeZone, 'Unknown timezone; use a name like Europe/Madrid.'),
    mon: daySchema.optional(),
    tue: daySchema.optional(),
    wed: daySchema.optional(),
    thu: daySchema.optional(),
    fri: daySchema.optional(),
    sat: daySchema.optional(),
    sun: daySchema.optional(),
  })
  .strict();
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const websiteSchema = z
  .url({
    protocol: /^https?$/,
    hostname: z.regexes.domain,
    error: 'A website must be a full http:// or https:// address with a domain name.',
  })
  .max(2048, 'That web address is too long.');

export const profileFieldSchemas = {
  name: businessNameSchema,
  verified: z.boolean(),
  description: z.string().max(512, 'The description can have at most 512 characters.'),
  category: businessCategorySchema,
  websites: z.array(websiteSchema).max(2, 'At most 2 websites.'),
  address: z.string().max(256, 'The address can have at most 256 characters.'),
  email: z.email('That email address is not valid.').max(254),
  photo: z
    .string()
    .regex(
      /^\/media\/[A-Za-z0-9_-]{8,64}(?:\.(?:jpg|png|webp))?$/,
      'The photo must be an uploaded image.',
    ),
  hours: openingHoursSchema,
} as const;
export type ProfileKey = keyof typeof profileFieldSchemas;
export const profileKeys = Object.keys(profileFieldSchemas) as ProfileKey[];
export const platformProfileKeys: readonly ProfileKey[] = ['name', 'verified', 'category', 'photo'];

export const businessProfileSchema = z.object(profileFieldSchemas).partial().strict();
export type BusinessProfile = z.infer<typeof businessProfileSchema>;

export function isProfileKey(key: string): key is ProfileKey {
  return Object.hasOwn(profileFieldSchemas, key);
}

/** Checks one map write; returns null when valid, or the reason to show. */
export function checkProfileField(key: string, value: unknown): string | null {
  if (!isProfileKey(key)) return `unknown profile field ${key}`;
  const parsed = profileFieldSchemas[key].safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? `invalid ${key}`);
}

/** Reads the profile map, keeping only the fields that are valid (a device never trusts a doc). */
export function readProfile(doc: Y.Doc): BusinessProfile {
  const map = doc.getMap<unknown>('profile');
  const profile: Record<string, unknown> = {};
  for (const key of profileKeys) {
    const parsed = profileFieldSchemas[key].safeParse(map.get(key));
    if (parsed.success) profile[key] = parsed.data;
  }
  return profile as BusinessProfile;
}

const weekdayByShortName: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

/** The weekday and minute of the day on the business's wall clock at `epochMs`. */
export function localTime(timezone: string, epochMs: number): { day: Weekday; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = weekdayByShortName[part('weekday')];
  if (!day) throw new Error(`unexpected weekday ${part('weekday')}`);
  return { day, minute: (Number(part('hour')) % 24) * 60 + Number(part('minute')) };
}

/** Whether the business is open at `epochMs`, including intervals carried over from yesterday. */
export function isOpenAt(hours: OpeningHours, epochMs: number): boolean {
  const { day, minute } = localTime(hours.timezone, epochMs);
  const yesterday = weekdays[(weekdays.indexOf(day) + 6) % 7]!;
  const today = (hours[day] ?? []).map(parseInterval);
  const carried = (hours[yesterday] ?? []).map(parseInterval);
  return (
    today.some((i) => i !== null && minute >= i.start && (i.end <= i.start || minute < i.end)) ||
    carried.some((i) => i !== null && i.end <= i.start && minute < i.end)
  );
}
