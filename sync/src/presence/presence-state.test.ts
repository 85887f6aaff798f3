import { describe, expect, it } from 'vitest';
import { readClientPresence, readPresenceState } from './presence-state.ts';

describe('presence states', () => {
  it('a client says only whether it is typing', () => {
    expect(readClientPresence('{"typing":true}')).toEqual({ typing: true });
    expect(readClientPresence('{"typing":false}')).toEqual({ typing: false });
    for (const text of [
      '{}',
      '{"typing":"yes"}',
      '{"typing":true,"who":"u_bob"}',
      '{"typing":true,"online":true}',
      '[true]',
      'null',
      'not json',
    ])
      expect(readClientPresence(text), text).toBeNull();
  });

  it('reads what the server relays, ignoring anything else', () => {
    expect(readPresenceState('{"who":"u_a","online":false,"seen":5,"x":1}')).toEqual({
      who: 'u_a',
      online: false,
      seen: 5,
    });
    expect(readPresenceState('{"typing":true}')).toBeNull();
  });
});
