/**
 * When two handles read the same, and when a handle passes for a protected name. A handle is
 * compared by one key: the loose (protected) key of the name comparison, so digits read as letters
 * (`0`/o, `1`/l or i, `5`/s …), hyphens do not count and TR39's skeleton maps `rn` to `m`. Handles are
 * read off posters, where `panaderia-luna` and `panaderia1una` are one shop.
 */
import { reservedHandles } from '../business/handle.ts';
import { impersonatesPlatform } from './collision.ts';
import { nameKeys } from './keys.ts';

/** The comparison key of a handle (equal keys: the same handle to a reader). */
export function handleKey(handle: string): string {
  const keys = nameKeys(handle).protected;
  const key = keys.find((k) => k.startsWith('f:')) ?? keys[0] ?? `f:${handle}`;
  // 1 reads as l (above), and as i too: in print `adm1n` passes for `admin`.
  return key.replace(/i/g, 'l');
}

const reservedKeys = new Set(reservedHandles.map(handleKey));

/** Whether the handle is one of the platform's words or passes for the platform's name. */
export function handleReserved(handle: string): boolean {
  return reservedKeys.has(handleKey(handle)) || impersonatesPlatform(handle.replace(/-/g, ' '));
}

/** The keys a verified name's protected keys are compared with: the handle's, as a name. */
export function handleAsNameKeys(handle: string): string[] {
  return nameKeys(handle.replace(/-/g, ' ')).protected;
}
