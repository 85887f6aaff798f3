import { describe, expect, it } from 'vitest';
import { rowChanges, sameRow } from './row-changes.ts';

const row = (key: string, text: string, extra: object = {}) => ({ key, text, ...extra });

describe('rowChanges', () => {
  it('puts new and changed rows, drops the gone ones, leaves the same ones alone', () => {
    const stored = [row('a', 'one'), row('b', 'two'), row('c', 'three')];
    const rows = [row('a', 'one'), row('b', 'two, edited'), row('d', 'four')];
    expect(rowChanges(stored, rows)).toEqual({
      put: [row('b', 'two, edited'), row('d', 'four')],
      gone: ['c'],
    });
  });

  it('writes nothing when nothing changed', () => {
    const rows = [row('a', 'one', { reactions: [{ emoji: 'x', count: 1, mine: true }] })];
    expect(rowChanges(structuredClone(rows), rows)).toEqual({ put: [], gone: [] });
  });

  it('sees a nested change (a reaction more) and a field that went away', () => {
    const before = row('a', 'one', { reactions: [{ emoji: 'x', count: 1, mine: true }] });
    const after = row('a', 'one', { reactions: [{ emoji: 'x', count: 2, mine: true }] });
    expect(sameRow(before, after)).toBe(false);
    expect(sameRow(row('a', 'one', { edited: true }), row('a', 'one'))).toBe(false);
    expect(sameRow(row('a', 'one', { reply: undefined }), row('a', 'one'))).toBe(true);
  });
});
