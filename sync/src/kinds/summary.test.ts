import { describe, expect, it } from 'vitest';
import { plainText } from '../docs/conversation.ts';
import { kindSamples } from './samples.ts';
import { formatDuration } from './summary.ts';

const base = { id: 'msg_00000001', author: 'u_ana', n: 1, at: 1 };

describe('everyday kind summaries', () => {
  it('says what each kind is in a line', () => {
    const line = (content: object) => plainText({ ...base, ...content } as never);
    expect(line(kindSamples.voice)).toBe('Voice message 0:12');
    expect(line(kindSamples.video)).toBe('Video 1:15');
    expect(line(kindSamples.audio)).toBe('Audio: song.mp3');
    expect(line(kindSamples.document)).toBe('Document: invoice-42.pdf');
    expect(line(kindSamples.location)).toBe('Location: Tienda');
    expect(line({ kind: 'location', lat: 1, lon: 2 })).toBe('Location');
    expect(line(kindSamples.contact)).toBe('Contact: Ana Pérez');
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59_600)).toBe('1:00');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});
