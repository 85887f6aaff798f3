import { describe, expect, it } from 'vitest';
import { resolveLanguage, type Template } from '@souk/sync';
import { readerLanguages } from './reader-languages.ts';

const translation = { body: 'x' } as Template['translations'][string];
const template = (languages: string[], defaultLanguage: string) =>
  ({
    defaultLanguage,
    translations: Object.fromEntries(languages.map((language) => [language, translation])),
  }) as unknown as Template;

describe('readerLanguages', () => {
  it("puts the device's languages first, then the app's", () => {
    expect(readerLanguages(['es-MX', 'fr'], 'en')).toEqual(['es-MX', 'fr', 'en']);
    expect(readerLanguages(['es'], 'es')).toEqual(['es']);
    expect(readerLanguages(undefined, 'es')).toEqual(['es']);
  });

  it('picks es for a device in es-MX, then the default, with the app in English', () => {
    const languages = readerLanguages(['es-MX'], 'en');
    expect(resolveLanguage(template(['pt', 'es'], 'pt'), languages)).toBe('es');
    expect(resolveLanguage(template(['pt', 'de'], 'pt'), languages)).toBe('pt');
  });

  it('reaches a language the app itself does not speak', () => {
    expect(resolveLanguage(template(['en', 'fr'], 'en'), readerLanguages(['fr-CA'], 'en'))).toBe(
      'fr',
    );
  });
});
