import { describe, expect, it } from 'vitest';
import { foldWaveform } from './voice-recording.ts';

describe('a voice note’s waveform', () => {
  it('folds the samples into at most the bars asked for, the loudest at 255', () => {
    expect(foldWaveform([], 64)).toEqual([]);
    expect(foldWaveform([10, 20], 64)).toEqual([128, 255]);
    const folded = foldWaveform(
      Array.from({ length: 1000 }, (_, i) => i % 100),
      64,
    );
    expect(folded).toHaveLength(64);
    expect(Math.max(...folded)).toBe(255);
    expect(folded.every((v) => v >= 0 && v <= 255)).toBe(true);
  });
});
