/**
 * Why a name is refused for looking like another: the platform's name, a verified business's name,
 * or (for businesses) another business's name. Kept apart from the comparison itself so the apps
 * can translate the codes without loading Unicode's confusables table.
 */
export const nameCollisionCodes = [
  'name_impersonates_platform',
  'name_impersonates_verified',
  'name_taken',
] as const;
export type NameCollisionCode = (typeof nameCollisionCodes)[number];

export function isNameCollisionCode(value: unknown): value is NameCollisionCode {
  return (nameCollisionCodes as readonly unknown[]).includes(value);
}
