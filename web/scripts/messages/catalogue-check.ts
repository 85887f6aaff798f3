/**
 * What must hold of the message files before they are compiled: every locale has exactly the
 * base locale's keys, no message is empty, and each translation uses the same placeholders as
 * the base message. Paraglide compiles a missing translation into a silent fallback, so this
 * check is what makes a missing key fail the build.
 */
export type Catalogue = Record<string, string>;

const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort();

export function catalogueProblems(
  baseLocale: string,
  catalogues: Record<string, Catalogue>,
): string[] {
  const base = catalogues[baseLocale];
  if (!base) return [`no messages for the base locale ${baseLocale}`];
  const problems: string[] = [];
  const keys = Object.keys(base);
  if (keys.length === 0) problems.push(`${baseLocale} has no messages`);
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    for (const key of keys) {
      const text = catalogue[key];
      if (text === undefined) problems.push(`${locale} lacks "${key}"`);
      else if (typeof text !== 'string' || text.trim() === '')
        problems.push(`${locale} "${key}" is empty or not text`);
      else if (placeholders(text).join() !== placeholders(base[key] ?? '').join())
        problems.push(
          `${locale} "${key}" has placeholders ${placeholders(text).join(' ') || 'none'}`,
        );
    }
    for (const key of Object.keys(catalogue)) {
      if (!(key in base)) problems.push(`${locale} has "${key}", which ${baseLocale} lacks`);
    }
  }
  return problems;
}
