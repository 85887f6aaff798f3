import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('links http and https addresses and leaves trailing punctuation as text', () => {
    expect(linkify('See https://sol.es/track?id=4. Thanks')).toEqual([
      { text: 'See ' },
      { text: 'https://sol.es/track?id=4', href: 'https://sol.es/track?id=4' },
      { text: '. Thanks' },
    ]);
    expect(linkify('(http://a.es)')).toEqual([
      { text: '(' },
      { text: 'http://a.es', href: 'http://a.es/' },
      { text: ')' },
    ]);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://x.es', 'www.x.es'])
      expect(linkify(text)).toEqual([{ text }]);
  });
});
