/**
 * Why a name is refused for looking like another: the platform's name, a verified business's name,
 * or (for businesses) another business's name. The codes live in the contract's closed list; this
 * module stays apart from the comparison so the apps can use them without loading Unicode's
 * confusables table.
 */
import { nameCollisionReasons, type NameCollisionReason } from '../contract/codes.ts';

export const nameCollisionCodes = nameCollisionReasons;
export type NameCollisionCode = NameCollisionReason;

export function isNameCollisionCode(value: unknown): value is NameCollisionCode {
  return (nameCollisionCodes as readonly unknown[]).includes(value);
}
