/**
 * What the web app bundles in place of libphonenumber-js/max (vite.config.ts aliases it here):
 * its metadata is 40 KB of gzip JavaScript on every first screen, and the app only needs it for
 * the shared request schemas' first look at a typed number. Here a number is written in E.164 if
 * its shape is (a `+`, then 7 to 15 digits once spaces, dots, dashes and brackets are gone); the
 * server, which has the full metadata, decides whether the number exists and refuses with a
 * reason code the app translates.
 */
interface LitePhoneNumber {
  number: string;
  countryCallingCode: string;
  isValid(): boolean;
}

export function parsePhoneNumberFromString(text: string): LitePhoneNumber | undefined {
  const number = text.replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(number)) return undefined;
  // Calling codes are 1 to 3 digits; without the metadata the app does not split them.
  return { number, countryCallingCode: '', isValid: () => true };
}

/** No country list without the metadata: the app never asks for it. */
export function getCountries(): string[] {
  return [];
}

export function getCountryCallingCode(country: string): string {
  throw new Error(`no phone metadata in the web app (asked for ${country})`);
}
