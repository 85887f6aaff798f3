import { describe, expect, it } from 'vitest';
import { SeqWatermark } from './seq-watermark.ts';

describe('SeqWatermark', () => {
  it('advances only over contiguous sequence numbers', () => {
    const w = new SeqWatermark(10);
    expect(w.mark(12)).toBe(10);
    expect(w.mark(13)).toBe(10);
    expect(w.mark(11)).toBe(13);
    expect(w.mark(14)).toBe(14);
  });

  it('ignores numbers at or below the watermark', () => {
    const w = new SeqWatermark(5);
    expect(w.mark(3)).toBe(5);
    expect(w.mark(5)).toBe(5);
    expect(w.value).toBe(5);
  });
});
