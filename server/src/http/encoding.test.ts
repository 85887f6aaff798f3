import { describe, expect, it } from 'vitest';
import { chooseEncoding, varyOnEncoding } from './encoding.ts';

describe('chooseEncoding', () => {
  const both = ['br', 'gzip'] as const;
  it('prefers brotli when both are welcome', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', both)).toBe('br');
  });
  it('follows q-values', () => {
    expect(chooseEncoding('br;q=0.2, gzip;q=0.8', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(chooseEncoding('gzip;q=0', both)).toBeNull();
  });
  it('takes the wildcard for what is not named', () => {
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('br;q=0, *;q=0.5', both)).toBe('gzip');
  });
  it('serves identity without a header, or when only other encodings exist', () => {
    expect(chooseEncoding(undefined, both)).toBeNull();
    expect(chooseEncoding('identity', both)).toBeNull();
    expect(chooseEncoding('br', ['gzip'])).toBeNull();
  });
});

describe('varyOnEncoding', () => {
  it('adds Accept-Encoding once, beside what is there', () => {
    const headers = new Headers({ vary: 'Origin' });
    varyOnEncoding(headers);
    varyOnEncoding(headers);
    expect(headers.get('vary')).toBe('Origin, Accept-Encoding');
  });
});
