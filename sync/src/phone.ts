import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';

/** Normalises a phone number typed by a person to E.164, or returns null when it is not valid. */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed.startsWith('+')) return null;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? parsed.number : null;
}

/** The country calling code of an E.164 number, without `+` (`+34612345678` → `34`), or null. */
export function callingCode(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.countryCallingCode ?? null;
}

let callingCodes: Set<string> | null = null;

/** Whether `code` (digits, no `+`) is the calling code of some country. */
export function isCallingCode(code: string): boolean {
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)));
  return callingCodes.has(code);
}
