import { beforeAll, describe, expect, it } from 'vitest';
import { reasonCodes } from '@souk/sync';
import { refusalText } from './refusals.ts';
import { loadCatalogue, loadPart } from './catalogues.ts';

describe('refusal translations', () => {
  beforeAll(async () => {
    await loadCatalogue('es');
    await loadPart('refusal', 'es');
  });

  it('has a sentence for every reason code in every language', () => {
    for (const locale of ['en', 'es'] as const) {
      for (const code of reasonCodes) {
        expect(refusalText(locale, code), `${locale} ${code}`).toMatch(/^\S.*[.)]$/);
      }
    }
  });

  it('translates Spanish for real, not by copying English', () => {
    const same = reasonCodes.filter((code) => refusalText('es', code) === refusalText('en', code));
    expect(same).toEqual([]);
  });

  it('fills in details', () => {
    expect(refusalText('es', 'too_many_changes', { max: 500 })).toBe(
      'Demasiados cambios a la vez (como máximo 500).',
    );
    expect(refusalText('en', 'unknown_field')).toBe('Souk does not know the field “…”.');
  });
});
