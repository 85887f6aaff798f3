import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { businessNameSchema, validateBusinessName, type NameRefusal } from './name.ts';

const accepted: [input: string, stored: string][] = [
  ["Ben & Jerry's", "Ben & Jerry's"],
  ['A.B.C.', 'A.B.C.'],
  ['  Café   de  la Plaza ', 'Café de la Plaza'],
  ['Cafe\u0301 Olé', 'Café Olé'], // decomposed é is composed and counted once
  ['Ben & Jerry’s', "Ben & Jerry's"], // typographic apostrophe from phone keyboards
  ['مخبز الأمل', 'مخبز الأمل'], // Arabic
  ['سوق الخضار', 'سوق الخضار'], // Arabic "vegetable market": a generic word, not our brand
  ['北京烤鸭店', '北京烤鸭店'], // Chinese
  ['Пекарня Ромашка', 'Пекарня Ромашка'], // Cyrillic
  ['नमस्ते भारत', 'नमस्ते भारत'], // Devanagari, with combining vowel signs
  ['Ñandú Peñas, S.A.', 'Ñandú Peñas, S.A.'],
  ['Smith-Jones Ltd.', 'Smith-Jones Ltd.'],
  ['7-Eleven', '7-Eleven'],
  ['Soukaina Bakery', 'Soukaina Bakery'], // a first name, allowed
  ['Ελληνικό Καφέ', 'Ελληνικό Καφέ'],
  ['Abc', 'Abc'],
  ['a'.repeat(25), 'a'.repeat(25)],
  ['Verity Books', 'Verity Books'],
  ['Tienda Luna 24', 'Tienda Luna 24'],
  ['www Shop', 'www Shop'], // only "www." looks like a link
];

const refused: [input: unknown, code: NameRefusal][] = [
  [42, 'not_text'],
  ['Ab', 'too_short'],
  ['   A  ', 'too_short'],
  ['a'.repeat(26), 'too_long'],
  ['Pizza 🍕 Place', 'emoji'],
  ['Flags 🇪🇸 Shop', 'emoji'],
  ['Keycap 1\uFE0F\u20E3 Shop', 'emoji'],
  ['Thumbs 👍🏽', 'emoji'],
  ['www.shop', 'link'],
  ['Shop.com', 'link'],
  ['pizza.es', 'link'],
  ['http shop', 'link'],
  ['https://x.io', 'link'],
  ['Souk', 'platform_name'],
  ['SOUK Market', 'platform_name'],
  ['Söuk store', 'platform_name'],
  ['Souk-Shop', 'platform_name'],
  ['SoukShop', 'platform_name'],
  ['MySouk', 'platform_name'],
  ['soukpay', 'platform_name'],
  ['Souk24', 'platform_name'],
  ['Souks Tours', 'platform_name'],
  ['Pizza Official', 'official_claim'],
  ['VERIFIED seller', 'official_claim'],
  ['Tienda Oficial', 'official_claim'],
  ['Cuenta Verificada', 'official_claim'],
  ['Banco verificadó', 'official_claim'],
  ['Bank Support Team', 'official_claim'],
  ['Equipo de Soporte', 'official_claim'],
  ['Shop Admin', 'official_claim'],
  ['PizzaOfficial', 'official_claim'],
  ['Shop @ Home', 'character'],
  ['Tea_House', 'character'],
  ['50% off', 'character'],
  ['Shop!', 'character'],
  ['Line\u200Bbreak', 'character'], // zero-width space
  ['Zalgo\u0300\u0301\u0302\u0303\u0304', 'too_many_marks'],
  ['123', 'no_letter'],
  ['...', 'no_letter'],
];

describe('validateBusinessName', () => {
  it.each(accepted)('accepts %j as %j', (input, stored) => {
    expect(validateBusinessName(input)).toEqual({ ok: true, name: stored });
  });

  it.each(refused)('refuses %j (%s)', (input, code) => {
    const result = validateBusinessName(input);
    expect(result.ok ? 'accepted' : result.code).toBe(code);
    if (!result.ok) expect(result.reason).toMatch(/^[A-Z"].*\.$/); // a sentence the apps can show
  });

  it('is idempotent: an accepted name validates to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (input) => {
        const first = validateBusinessName(input);
        if (first.ok) expect(validateBusinessName(first.name)).toEqual(first);
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});

describe('businessNameSchema', () => {
  it('takes only normalised, valid names and reports the reason', () => {
    expect(businessNameSchema.safeParse("Ben & Jerry's").success).toBe(true);
    expect(businessNameSchema.safeParse(" Ben & Jerry's").success).toBe(false);
    const refusal = businessNameSchema.safeParse('Souk');
    expect(refusal.error?.issues[0]?.message).toBe('A business name cannot use the name Souk.');
  });
});
