/**
 * The languages a template message is read in, preferred first: the device's own list
 * (`navigator.languages`, e.g. es-MX, fr), which may name languages the app itself is not
 * translated into, then the app's language. `resolveLanguage` in @souk/sync tries each with its
 * shorter forms (es-MX → es) and ends at the template's default language.
 */
export function readerLanguages(
  deviceLanguages: readonly string[] | undefined,
  appLocale: string,
): string[] {
  return [...new Set([...(deviceLanguages ?? []), appLocale])];
}
