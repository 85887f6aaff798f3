import { describe, expect, it } from 'vitest';
import { initials } from './initials.ts';

describe('initials', () => {
  it('shows a phone number by its last two digits', () => {
    expect(initials('+34612345678')).toBe('78');
  });
  it('shows a name by the first letters of its first two words', () => {
    expect(initials('Panadería Sol de Mediodía')).toBe('PS');
    expect(initials('élan')).toBe('É');
    expect(initials('مخبز السلام')).toBe('ما');
  });
});
