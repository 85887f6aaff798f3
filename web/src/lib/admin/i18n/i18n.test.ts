import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { es } from './es.ts';

describe('console catalogues', () => {
  it('Spanish has every English key and the same placeholders', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(es[key], key).toBeTruthy();
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
