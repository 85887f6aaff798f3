import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Normalises a phone number typed by a person to E.164, or returns null when it is not valid. */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed.startsWith('+')) return null;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? parsed.number : null;
}
