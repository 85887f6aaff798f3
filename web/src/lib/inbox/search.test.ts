import { describe, expect, it } from 'vitest';
import { fold, matches } from './search.ts';

describe('inbox search', () => {
  it('ignores case and accents', () => {
    expect(fold('Café CRÈME')).toBe('cafe creme');
    expect(matches('Two Café con leche', 'cafe')).toBe(true);
    expect(matches('Pan de centeno', 'CENTENO pan')).toBe(true);
    expect(matches('Pan de centeno', 'croissant')).toBe(false);
  });

  it('finds phone numbers however they are written', () => {
    expect(matches('+34611222333', '611 222')).toBe(true);
    expect(matches('+34 611 222 333', '611222333')).toBe(true);
    expect(matches('+34611222333', '999')).toBe(false);
  });

  it('matches nothing for an empty query', () => {
    expect(matches('anything', '   ')).toBe(false);
  });
});
