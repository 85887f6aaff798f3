/**
 * A business's handle: the name in its link `/c/<handle>`, typed from a poster or a sticker, so
 * plain ASCII only (3 to 30 of a-z, 0-9 and inner hyphens). Look-alikes of other handles and of
 * protected names are refused on the server (names/handles.ts holds the comparison); here the
 * shape, the words the platform keeps, and a handle suggested from a name.
 */
import { z } from 'zod';

export const handleLimits = { min: 3, max: 30 } as const;
export const handlePattern = /^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$/;

/** How long an old handle keeps redirecting to the business's new one (and stays its own). */
export const handleRedirectMs = 90 * 24 * 60 * 60 * 1000;

export const handleSchema = z
  .string()
  .regex(
    handlePattern,
    'A handle has 3 to 30 characters: lowercase letters a-z, digits and hyphens (not first or last).',
  )
  .refine((h) => !h.includes('--'), 'A handle cannot have two hyphens in a row.');

export function isHandle(value: unknown): value is string {
  return typeof value === 'string' && handleSchema.safeParse(value).success;
}

/**
 * Words that are the platform's own paths, roles or services: a link with one of them would read
 * as the platform speaking. Compared by look-alike key, so `adm1n` is refused too.
 */
export const reservedHandles = [
  'admin',
  'administrator',
  'api',
  'app',
  'apps',
  'business',
  'businesses',
  'chat',
  'chats',
  'help',
  'helpdesk',
  'info',
  'login',
  'logout',
  'media',
  'moderator',
  'official',
  'operator',
  'root',
  'security',
  'settings',
  'signin',
  'signup',
  'staff',
  'support',
  'system',
  'team',
  'verified',
  'www',
] as const;

/**
 * A handle made from `name`: its ASCII letters and digits (accents dropped), hyphens between
 * words, at most 24 characters; `shop` when nothing is left. The server adds a suffix when taken.
 */
export function suggestHandle(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return ascii.length >= handleLimits.min ? ascii : ascii ? `${ascii}-shop` : 'shop';
}
