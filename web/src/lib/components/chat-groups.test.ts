import { describe, expect, it } from 'vitest';
import type { MessageRow, UnsentRow } from '../db.ts';
import type { TimelineItem } from '../unsent/timeline.ts';
import { dayLabel, placeInChat } from './chat-groups.ts';

const words = { today: 'Today', yesterday: 'Yesterday', locale: 'en-GB' };
const now = new Date(2026, 11, 4, 12, 0).getTime();
const at = (day: number, hour: number, minute: number, second = 0) =>
  new Date(2026, 11, day, hour, minute, second).getTime();

function message(key: string, when: number, author: string, mine = false): TimelineItem {
  const row = { key, at: when, author, mine, text: key } as MessageRow;
  return { kind: 'message', key, row };
}
function unsent(key: string, when: number): TimelineItem {
  const row = { key, message: { at: when } } as UnsentRow;
  return { kind: 'unsent', key, row };
}

describe('placeInChat', () => {
  it('groups one sender within one minute and shows the time on the last of the run', () => {
    const placed = placeInChat(
      [
        message('a', at(4, 9, 0, 5), 'ana'),
        message('b', at(4, 9, 0, 50), 'ana'),
        message('c', at(4, 9, 1, 2), 'ana'),
        message('d', at(4, 9, 1, 10), 'me', true),
        unsent('e', at(4, 9, 1, 20)),
      ],
      now,
      words,
    );
    expect(placed.map((p) => [p.key, p.first, p.last])).toEqual([
      ['a', true, false],
      ['b', false, true],
      ['c', true, true],
      ['d', true, false],
      ['e', false, true],
    ]);
  });

  it('draws a date line where the day changes: a date, Yesterday, Today', () => {
    const placed = placeInChat(
      [
        message('old', at(1, 10, 0), 'ana'),
        message('y', at(3, 23, 59), 'ana'),
        message('t', at(4, 0, 0), 'ana'),
        message('t2', at(4, 0, 0, 30), 'ana'),
      ],
      now,
      words,
    );
    expect(placed.map((p) => p.day)).toEqual(['Tuesday', 'Yesterday', 'Today', null]);
    // A new day starts a new run even within the same minute's neighbourhood.
    expect(placed[2]!.first).toBe(true);
  });
});

describe('dayLabel', () => {
  it('names older days by date in the reader locale, with the year when not this one', () => {
    expect(dayLabel(at(1, 9, 0) - 30 * 86_400_000, now, words)).toBe('1 November');
    expect(dayLabel(new Date(2025, 0, 2).getTime(), now, { ...words, locale: 'es' })).toBe(
      '2 de enero de 2025',
    );
  });
});
