import { describe, expect, it } from 'vitest';
import { partOf } from './keyed-tables.ts';

describe('partOf', () => {
  it('puts each message in its part by the prefix of its name, the rest in the main table', () => {
    expect(partOf('admin.console.title')).toBe('admin');
    expect(partOf('media.play')).toBe('media');
    expect(partOf('refusal.too_long')).toBe('refusal');
    // The people screens' words: no first screen carries them (the chat, contact and settings
    // routes load them).
    expect(['contact.report', 'myProfile.title', 'presence.typing'].map(partOf)).toEqual([
      'people',
      'people',
      'people',
    ]);
    expect(partOf('controls.muted')).toBeUndefined();
    expect(partOf('settings.readReceipts')).toBeUndefined();
  });
});
