import { describe, expect, it } from 'vitest';
import { etagMatches } from './etag.ts';

describe('If-None-Match', () => {
  it('matches the tag, weakly, in a list, or *', () => {
    expect(etagMatches('"2-10"', '"2-10"')).toBe(true);
    expect(etagMatches('W/"2-10"', '"2-10"')).toBe(true);
    expect(etagMatches('"1-5", "2-10"', '"2-10"')).toBe(true);
    expect(etagMatches('*', '"2-10"')).toBe(true);
  });

  it('does not match another tag, a bare value, or nothing', () => {
    expect(etagMatches('"1-5"', '"2-10"')).toBe(false);
    expect(etagMatches('2-10', '"2-10"')).toBe(false);
    expect(etagMatches('"2-10', '"2-10"')).toBe(false);
    expect(etagMatches(undefined, '"2-10"')).toBe(false);
    expect(etagMatches('', '"2-10"')).toBe(false);
  });
});
