import { describe, expect, it } from 'vitest';
import { isHandle, suggestHandle } from '../business/handle.ts';
import { handleKey, handleReserved } from './handles.ts';

describe('handles', () => {
  it.each([
    ['panaderia-luna', 'panaderialuna'],
    ['panaderia-luna', 'panader1a-1una'],
    ['tienda-sol', 'tienda-s0l'],
    ['modern', 'rnodern'],
    ['admin', 'adm1n'],
  ])('%j reads as %j', (a, b) => {
    expect(handleKey(a)).toBe(handleKey(b));
  });

  it.each([
    ['tienda-sol', 'tienda-sal'],
    ['shop1', 'shop2'],
  ])('%j and %j differ', (a, b) => {
    expect(handleKey(a)).not.toBe(handleKey(b));
  });

  it('keeps the platform words and look-alikes of its name', () => {
    for (const h of ['admin', 'supp0rt', 'souk', 's0uk-pay', 'souk-help'])
      expect(handleReserved(h), h).toBe(true);
    for (const h of ['soukaina-bakery', 'tienda-sol']) expect(handleReserved(h), h).toBe(false);
  });

  it('suggests a valid handle from any name', () => {
    expect(suggestHandle('Café Olé & Co')).toBe('cafe-ole-co');
    expect(suggestHandle('北京烤鸭店')).toBe('shop');
    expect(suggestHandle('Zé')).toBe('ze-shop');
    for (const name of ['A', 'Ñandú Ñu', 'x'.repeat(80), '--a--b--', 'Tienda 24/7'])
      expect(isHandle(suggestHandle(name)), name).toBe(true);
  });
});
