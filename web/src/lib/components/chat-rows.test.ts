import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../db.ts';
import type { TimelineItem } from '../unsent/timeline.ts';
import type { Placed } from './chat-groups.ts';
import { chatRows, unreadStart } from './chat-rows.ts';

function message(key: string, mine: boolean): TimelineItem {
  return { kind: 'message', key, row: { key, mine, author: mine ? 'me' : 'ana' } as MessageRow };
}
const unsent = (key: string): TimelineItem =>
  ({ kind: 'unsent', key, row: { key } }) as unknown as TimelineItem;

describe('unreadStart', () => {
  const items = [
    message('a', false),
    message('b', false),
    message('c', true),
    message('d', false),
    unsent('e'),
    message('f', false),
  ];

  it('is the unread-th message from others, counted back from the newest', () => {
    expect(unreadStart(items, 1)).toBe('f');
    expect(unreadStart(items, 2)).toBe('d');
    // My own message and an unsent one in between are not unread and not counted.
    expect(unreadStart(items, 3)).toBe('b');
  });

  it('is null when nothing is unread or the first unread message is not loaded', () => {
    expect(unreadStart(items, 0)).toBeNull();
    expect(unreadStart(items, 5)).toBeNull();
    expect(unreadStart([], 1)).toBeNull();
  });
});

describe('chatRows', () => {
  const placed = (key: string, day: string | null): Placed =>
    ({ ...message(key, false), day, first: true, last: true }) as Placed;

  it('puts a date line where the day changes and the marker above the first unread message', () => {
    const rows = chatRows([placed('a', 'Yesterday'), placed('b', 'Today'), placed('c', null)], {
      earlier: true,
      unreadKey: 'b',
      unreadCount: 2,
    });
    expect(rows.map((r) => r.key)).toEqual(['earlier', 'day|a', 'a', 'day|b', 'unread', 'b', 'c']);
    expect(rows[4]).toEqual({ kind: 'unread', key: 'unread', count: 2 });
  });

  it('has no marker and no earlier button when there is nothing to show for them', () => {
    const rows = chatRows([placed('a', 'Today')], {
      earlier: false,
      unreadKey: null,
      unreadCount: 0,
    });
    expect(rows.map((r) => r.kind)).toEqual(['day', 'item']);
  });
});
