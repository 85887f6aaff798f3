import { describe, expect, it } from 'vitest';
import { catalogueProblems } from './catalogue-check.ts';

describe('catalogueProblems', () => {
  const en = { hello: 'Hello {name}', bye: 'Bye' };

  it('accepts locales with the same keys and placeholders', () => {
    expect(catalogueProblems('en', { en, es: { hello: 'Hola {name}', bye: 'Adiós' } })).toEqual([]);
  });

  it('names a missing key, an extra key, an empty message and a changed placeholder', () => {
    expect(catalogueProblems('en', { en, es: { hello: 'Hola {nombre}', extra: 'x' } })).toEqual([
      'es "hello" has placeholders {nombre}',
      'es lacks "bye"',
      'es has "extra", which en lacks',
    ]);
    expect(catalogueProblems('en', { en, es: { hello: 'Hola {name}', bye: ' ' } })).toEqual([
      'es "bye" is empty or not text',
    ]);
  });

  it('refuses a base locale with no messages', () => {
    expect(catalogueProblems('en', { en: {} })).toEqual(['en has no messages']);
    expect(catalogueProblems('en', { es: {} })).toEqual(['no messages for the base locale en']);
  });
});

describe('the apps’ messages', () => {
  it('say every message in every locale', async () => {
    const { readCatalogues } = await import('./compile-messages.ts');
    const webDir = new URL('../..', import.meta.url).pathname;
    expect(catalogueProblems('en', readCatalogues(webDir))).toEqual([]);
  });
});
