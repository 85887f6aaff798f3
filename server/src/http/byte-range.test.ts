import { describe, expect, it } from 'vitest';
import { byteRange, contentRange } from './byte-range.ts';

const part = (start: number, end: number) => ({ kind: 'part', start, end });
const whole = { kind: 'whole' };
const unsatisfiable = { kind: 'unsatisfiable' };

describe('a Range header', () => {
  it('takes one range: from-to, from onwards, and the last n bytes', () => {
    expect(byteRange('bytes=0-99', 1000)).toEqual(part(0, 99));
    expect(byteRange('bytes=500-', 1000)).toEqual(part(500, 999));
    expect(byteRange('bytes=-100', 1000)).toEqual(part(900, 999));
    expect(byteRange('BYTES= 10-10 ', 1000)).toEqual(part(10, 10));
  });

  it('ends a range that runs past the file at its last byte', () => {
    expect(byteRange('bytes=900-5000', 1000)).toEqual(part(900, 999));
    expect(byteRange('bytes=-5000', 1000)).toEqual(part(0, 999));
    expect(byteRange('bytes=0-99999999999999999999999999999', 1000)).toEqual(part(0, 999));
    expect(byteRange(`bytes=-${'9'.repeat(400)}`, 1000)).toEqual(part(0, 999));
  });

  it('is unsatisfiable from past the end, for no bytes, or in an empty file', () => {
    expect(byteRange('bytes=1000-', 1000)).toEqual(unsatisfiable);
    expect(byteRange('bytes=1000-2000', 1000)).toEqual(unsatisfiable);
    expect(byteRange('bytes=99999999999999999999-', 1000)).toEqual(unsatisfiable);
    expect(byteRange(`bytes=${'9'.repeat(400)}-`, 1000)).toEqual(unsatisfiable);
    expect(byteRange('bytes=-0', 1000)).toEqual(unsatisfiable);
    expect(byteRange('bytes=0-', 0)).toEqual(unsatisfiable);
    expect(byteRange('bytes=-5', 0)).toEqual(unsatisfiable);
  });

  it('is ignored (the whole file) when absent, malformed, another unit, or several ranges', () => {
    for (const header of [
      undefined,
      '',
      'bytes=',
      'bytes=-',
      'bytes=5-3',
      'bytes=--5',
      'bytes=-5-',
      'bytes=1.5-2',
      'bytes=0x10-',
      'bytes=1e3-',
      'bytes=+5-',
      'items=0-5',
      'bytes 0-5',
      'bytes=0-0,1-1',
      'bytes=0-99,-1',
      `bytes=${Array.from({ length: 500 }, () => '0-').join(',')}`,
    ])
      expect(byteRange(header, 1000), String(header)).toEqual(whole);
  });

  it('says what it sent, or only the size', () => {
    expect(contentRange(part(0, 99) as never, 1000)).toBe('bytes 0-99/1000');
    expect(contentRange(unsatisfiable as never, 1000)).toBe('bytes */1000');
  });
});
