import { describe, expect, it } from 'vitest';
import { reasonCodes } from '@souk/sync';
import { refusalText, refusalTexts } from './refusals.ts';
import type { Locale } from './index.svelte.ts';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('refusal translations', () => {
  it('has a sentence for every reason code in every language, with the same placeholders', () => {
    const english = refusalTexts.en;
    for (const locale of ['en', 'es'] satisfies Locale[]) {
      const texts = refusalTexts[locale];
      expect(Object.keys(texts).sort(), locale).toEqual([...reasonCodes].sort());
      for (const code of reasonCodes) {
        expect(texts[code], `${locale} ${code}`).toMatch(/^\S.*[.)]$/);
        expect(placeholders(texts[code]), `${locale} ${code}`).toEqual(placeholders(english[code]));
      }
    }
  });

  it('translates Spanish for real, not by copying English', () => {
    const same = reasonCodes.filter((code) => refusalTexts.es[code] === refusalTexts.en[code]);
    expect(same).toEqual([]);
  });

  it('fills in details', () => {
    expect(refusalText('es', 'too_many_changes', { max: 500 })).toBe(
      'Demasiados cambios a la vez (como máximo 500).',
    );
    expect(refusalText('en', 'unknown_field')).toBe('Souk does not know the field “…”.');
  });
});
