import { describe, expect, it } from 'vitest';
import { epochDocName, headDocName, parseDocName } from './names.ts';

describe('document names', () => {
  it.each([
    ['conv:abc', { kind: 'conv', id: 'abc', epoch: 0 }],
    ['conv:abc~12', { kind: 'conv', id: 'abc', epoch: 12 }],
    ['prefs:u_1', { kind: 'prefs', id: 'u_1', epoch: 0 }],
    ['profile:b_1', { kind: 'profile', id: 'b_1', epoch: 0 }],
    ['inbox:b_1', { kind: 'inbox', id: 'b_1', epoch: 0 }],
    ['announcements', { kind: 'announcements', id: '', epoch: 0 }],
  ])('parses %s', (name, expected) => expect(parseDocName(name)).toEqual(expected));

  it.each([
    'conv:',
    'conv:abc~0',
    'conv:abc~x',
    'prefs:u~1',
    'inbox:b~1',
    'chat:abc',
    'conv:a b',
    'conv:' + 'x'.repeat(65),
  ])('refuses %s', (name) => expect(parseDocName(name)).toBeNull());

  it('names epochs and finds their head', () => {
    expect(epochDocName('conv:abc', 0)).toBe('conv:abc');
    expect(epochDocName('conv:abc', 2)).toBe('conv:abc~2');
    expect(headDocName('conv:abc~2')).toBe('conv:abc');
    expect(headDocName('profile:b_1')).toBe('profile:b_1');
  });
});
