import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { es } from './es.ts';

describe('catalogues', () => {
  it('Spanish has every English key and the same placeholders', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(es[key], key).toBeTruthy();
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
