import { describe, expect, it } from 'vitest';
import {
  checkDisplayName,
  findNameCollision,
  impersonatesPlatform,
  isNameCollisionCode,
  nameCollisionCodes,
  type KnownName,
} from './index.ts';

const known: KnownName[] = [
  { name: 'Zara', verified: true },
  { name: 'Banco Sol', verified: true },
  { name: 'Panadería Luna', verified: false },
  { name: 'Tienda 24', verified: false },
];
const businessCheck = (name: string) => findNameCollision(name, known, { taken: true });

describe('impersonatesPlatform', () => {
  it.each([
    'Ѕоuк', // Cyrillic Ѕ, о, к
    'ЅОUК Market',
    'S0uk',
    'Ｓｏｕｋ Help',
    'S\u200Bouk',
    'Sóúk Store',
    'S0ukPay',
    'Tienda Ѕоuк',
    'Ѕоuк Вusiness',
  ])('%j passes for the platform', (name) => {
    expect(impersonatesPlatform(name)).toBe(true);
  });

  it.each(['Soukaina Bakery', 'سوق الخضار', 'Zoco Norte', 'Sock Shop', 'Suk Café'])(
    '%j does not',
    (name) => {
      expect(impersonatesPlatform(name)).toBe(false);
    },
  );
});

describe('findNameCollision for businesses', () => {
  it.each([
    ['S0uk Market', 'name_impersonates_platform', 'Souk'],
    ['Zаrа', 'name_impersonates_verified', 'Zara'], // Cyrillic а
    ['ZARA', 'name_impersonates_verified', 'Zara'],
    ['Z4ra', 'name_impersonates_verified', 'Zara'], // digits for letters: protected only
    ['Zárá', 'name_impersonates_verified', 'Zara'], // marks: protected only
    ['Banco  S0l', 'name_impersonates_verified', 'Banco Sol'],
    ['8anco Sol', 'name_impersonates_verified', 'Banco Sol'],
    ['Ｂａｎｃｏ Ｓｏｌ', 'name_impersonates_verified', 'Banco Sol'],
    ['PANADERÍA LUNA', 'name_taken', 'Panadería Luna'],
    ['Panaderíа Lunа', 'name_taken', 'Panadería Luna'], // Cyrillic а
    ['Panadería-Luna', 'name_taken', 'Panadería Luna'],
    ['Tienda 24', 'name_taken', 'Tienda 24'],
  ] as const)('%j: %s (%s)', (name, code, other) => {
    expect(businessCheck(name)).toEqual({ code, with: other });
  });

  it.each(['Panaderia Luna', 'Panader1a Luna', 'Tienda Za', 'Tienda 25', 'Zarra', 'Banco Luna'])(
    '%j is free: digits and accents count against unverified names',
    (name) => {
      expect(businessCheck(name)).toBeNull();
    },
  );
});

describe('checkDisplayName for people', () => {
  it('refuses the platform and verified businesses, and lets people share names', () => {
    expect(checkDisplayName('Ѕоuк Support', ['Zara'])?.code).toBe('name_impersonates_platform');
    expect(checkDisplayName('Z4RA', ['Zara'])).toEqual({
      code: 'name_impersonates_verified',
      with: 'Zara',
    });
    expect(checkDisplayName('Ana García', ['Zara'])).toBeNull();
    expect(checkDisplayName('Panadería Luna', ['Zara'])).toBeNull(); // not verified: not protected
  });
});

describe('nameCollisionCodes', () => {
  it('are snake_case and recognised', () => {
    for (const code of nameCollisionCodes) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(isNameCollisionCode(code)).toBe(true);
    }
    expect(isNameCollisionCode('platform_name')).toBe(false);
  });
});
