/**
 * Whether a name passes for another: the platform's, a verified business's, or another
 * business's. The server compares businesses through stored keys (see `nameKeys`); these
 * functions hold the same rules for lists in memory: people's display names, tests.
 *
 * The platform's name is found as a word or a compound word anywhere in the name ("Ѕоuк Help",
 * "S0ukPay"), by the same words `validateBusinessName` refuses when written plainly.
 */
import { isPlatformWord, namePieces } from '../business/name.ts';
import type { NameCollisionCode } from './codes.ts';
import { nameKeys, sharesKey } from './keys.ts';

/** The platform's own names, protected like verified businesses' names. */
export const platformNames = ['Souk', 'Souk Business'] as const;

/** Whether the name, or one of its words, reads as the platform's name or one of its services. */
export function impersonatesPlatform(name: string): boolean {
  const platform = platformNames.flatMap((n) => nameKeys(n).protected);
  return [name, ...namePieces(name)].some((piece) =>
    nameKeys(piece).protected.some(
      (key) => platform.includes(key) || isPlatformWord(key.slice(2).toLowerCase()),
    ),
  );
}

export interface KnownName {
  name: string;
  /** Verified businesses' names are protected. */
  verified: boolean;
}

export interface NameCollision {
  code: NameCollisionCode;
  /** The name it collides with (the platform's for `name_impersonates_platform`). */
  with: string;
}

/**
 * The first rule `name` breaks against `known`, or null. `taken: false` checks only protected
 * names (people may share a display name; nobody may pass for the platform or a verified business).
 */
export function findNameCollision(
  name: string,
  known: readonly KnownName[],
  options: { taken: boolean },
): NameCollision | null {
  if (impersonatesPlatform(name)) return { code: 'name_impersonates_platform', with: 'Souk' };
  const keys = nameKeys(name);
  for (const other of known) {
    if (!other.verified) continue;
    const theirs = nameKeys(other.name);
    if (sharesKey(keys.strict, theirs.strict) || sharesKey(keys.protected, theirs.protected))
      return { code: 'name_impersonates_verified', with: other.name };
  }
  if (!options.taken) return null;
  const taken = known.find((other) => sharesKey(keys.strict, nameKeys(other.name).strict));
  return taken ? { code: 'name_taken', with: taken.name } : null;
}

/** People's display names: never the platform's name nor a verified business's. */
export function checkDisplayName(name: string, verifiedNames: readonly string[]) {
  return findNameCollision(
    name,
    verifiedNames.map((n) => ({ name: n, verified: true })),
    { taken: false },
  );
}
