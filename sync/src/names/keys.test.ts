import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nameKeys, sharesKey } from './keys.ts';

const same = (a: string, b: string) => sharesKey(nameKeys(a).strict, nameKeys(b).strict);
const sameToProtected = (a: string, b: string) =>
  same(a, b) || sharesKey(nameKeys(a).protected, nameKeys(b).protected);

/** Pairs a reader takes for one name: they collide with any business. */
const lookAlikes: [typed: string, looksLike: string, why: string][] = [
  ['Zаrа', 'Zara', 'Cyrillic а'],
  ['ЅОUК', 'SOUK', 'Cyrillic capitals'],
  ['Ѕоuр Кitchen', 'Soup Kitchen', 'Cyrillic Ѕ, о, р, К'],
  ['Ζαrа', 'Zara', 'Greek Ζ and α, Cyrillic а'],
  ['Ｚａｒａ', 'Zara', 'fullwidth letters'],
  ['Caﬀè ﬁno', 'Caffè fino', 'ligatures ﬀ and ﬁ'],
  ['Ѕоuк', 'Souk', 'Cyrillic к, which the skeleton reads as K in capitals'],
  ['ΒΑΝΚ ΤΟΚΙΟ', 'Bank Tokio', 'Greek capitals against mixed case'],
  ['Βank Τokio', 'Bank Tokio', 'Greek capitals where capitals go'],
  ['ZARA', 'zara', 'case'],
  ['zArA', 'Zara', 'mixed case'],
  ['Straße Café', 'STRASSE CAFÉ', 'ß folds to ss'],
  ['PayPaI', 'PayPal', 'capital i for l'],
  ['modern', 'rnodern', 'rn for m'],
  ['Cafe\u0301 Olé', 'Café Ole\u0301', 'composed and decomposed accents'],
  ['Cafe\u0341', 'Cafe\u0301', 'a combining mark that looks like another'],
  ['Zara\u200B', 'Zara', 'zero-width space'],
  ['Z\u200Dara\u2060', 'Zara', 'zero-width joiner and word joiner'],
  ['A.B.C.', 'ABC', 'punctuation'],
  ['Ben & Jerry’s', 'Ben&Jerrys', 'spaces and punctuation'],
  ['B0b', 'Bob', 'TR39 itself reads 0 as o'],
  ['Tienda 1', 'Tienda l', 'TR39 itself reads 1 as l'],
];

/** Different names, also to a reader. */
const distinct: [string, string][] = [
  ['Zara', 'Sara'],
  ['Café Luna', 'Cafe Luna'], // an accent is a different name among ordinary businesses
  ['Panadería Sol', 'Panadería Luna'],
  ['Пекарня', 'Пекарна'],
  ['Tienda 24', 'Tienda Za'], // digits read as letters only against protected names
  ['Z4ra', 'Zara'],
  ['5eat', 'Seat'],
  ['PILL Bar', 'PILI Bar'], // capitals: a real L is not the l that stands for I
  ['北京烤鸭店', '北京烤鸭'],
];

describe('nameKeys: every business compares by the skeleton', () => {
  it.each(lookAlikes)('%j collides with %j (%s)', (typed, looksLike) => {
    expect(same(typed, looksLike)).toBe(true);
  });

  it.each(distinct)('%j and %j are different names', (a, b) => {
    expect(same(a, b)).toBe(false);
  });
});

describe('nameKeys: protected names are compared more loosely', () => {
  const againstProtected: [typed: string, protectedName: string][] = [
    ['Z4ra', 'Zara'],
    ['5eat', 'Seat'],
    ['7-Elev3n', '7-Eleven'],
    ['5ubway', 'Subway'],
    ['8urger King', 'Burger King'],
    ['Zárá', 'Zara'], // marks dropped
    ['Zara\u0323', 'Zara'], // a combining dot below
    ['3l Corte Inglés', 'El Corte Ingles'],
  ];
  it.each(againstProtected)('%j passes for the protected %j', (typed, protectedName) => {
    expect(same(typed, protectedName)).toBe(false);
    expect(sameToProtected(typed, protectedName)).toBe(true);
  });

  it('still tells different protected names apart', () => {
    expect(sameToProtected('Zara', 'Sara')).toBe(false);
    expect(sameToProtected('Banco Sol', 'Banco Luna')).toBe(false);
  });
});

describe('nameKeys: properties', () => {
  it('ignores case and compatibility forms for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 25 }), (name) => {
        const keys = nameKeys(name);
        if (keys.strict.length === 0) return; // nothing but spaces and punctuation
        expect(same(name, name.toUpperCase())).toBe(true);
        expect(same(name, name.normalize('NFKD'))).toBe(true);
      }),
      { seed: 3939, numRuns: 1000 },
    );
  });

  it('has no key for a name of spaces, punctuation and invisible characters', () => {
    expect(nameKeys(' .-\u200B ')).toEqual({ strict: [], protected: [] });
    expect(nameKeys('\u0301\u0302').protected).toEqual([]); // marks alone match no protected name
  });
});
