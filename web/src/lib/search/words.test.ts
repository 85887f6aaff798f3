import { describe, expect, it } from 'vitest';
import { fold, foldWithMap, matchesAll, queryWords, textHash, words } from './words.ts';
import { matchRanges, snippet } from './snippet.ts';

describe('search words', () => {
  it('folds case and accents: cafe, Café and CAFÉ are one word', () => {
    expect(fold('Café')).toBe('cafe');
    expect(fold('CAFÉ')).toBe('cafe');
    expect(fold('Niño año ÀÉÎÕÜ ç')).toBe('nino ano aeiou c');
    // Decomposed input folds the same as composed.
    expect(fold('Cafe\u0301')).toBe('cafe');
  });

  it('cuts text into distinct words of letters and digits, dropping punctuation and emoji', () => {
    expect(words('¡Hola, Café! Pedido #A-4821 🙂 hola')).toEqual([
      'hola',
      'cafe',
      'pedido',
      'a',
      '4821',
    ]);
    expect(words('')).toEqual([]);
    expect(words('🙂 ... !!')).toEqual([]);
    expect(words('x'.repeat(100))).toEqual(['x'.repeat(32)]);
  });

  it('puts the longest query word first and matches every query word as a word prefix', () => {
    expect(queryWords('caf pedido 48')).toEqual(['pedido', 'caf', '48']);
    const message = words('Tu pedido 4821 está en el Café Central');
    expect(matchesAll(message, queryWords('cafe 482'))).toBe(true);
    expect(matchesAll(message, queryWords('CENTRAL pedido'))).toBe(true);
    expect(matchesAll(message, queryWords('entral'))).toBe(false);
    expect(matchesAll(message, queryWords('cafe nada'))).toBe(false);
  });

  it('maps folded positions back to the original text', () => {
    const { folded, from } = foldWithMap('Ça va, Cafe\u0301?');
    expect(folded).toBe('ca va, cafe?');
    expect(from[folded.indexOf('?')]).toBe('Ça va, Cafe\u0301?'.indexOf('?'));
  });

  it('hashes texts apart', () => {
    expect(textHash('hola')).toBe(textHash('hola'));
    expect(textHash('hola')).not.toBe(textHash('hola!'));
  });
});

describe('result snippets', () => {
  it('marks the matching beginnings of words in the original spelling', () => {
    const text = 'Nos vemos en el Café Sol, cafetería de la esquina';
    expect(matchRanges(text, ['cafe']).map(([a, b]) => text.slice(a, b))).toEqual(['Café', 'cafe']);
    expect(snippet(text, ['cafe'])).toEqual([
      { text: 'Nos vemos en el ', hit: false },
      { text: 'Café', hit: true },
      { text: ' Sol, ', hit: false },
      { text: 'cafe', hit: true },
      { text: 'tería de la esquina', hit: false },
    ]);
  });

  it('shows a window around a match far into a long message', () => {
    const text = `${'palabra '.repeat(40)}el pedido 4821 llegó ${'más '.repeat(40)}`;
    const parts = snippet(text, ['4821']);
    expect(parts[0]).toEqual({ text: '…', hit: false });
    expect(parts.at(-1)).toEqual({ text: '…', hit: false });
    expect(parts.find((p) => p.hit)?.text).toBe('4821');
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(100);
  });
});
