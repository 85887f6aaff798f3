import { describe, expect, it } from 'vitest';
import type { ChatControls } from '@souk/sync';
import { arrangeChats } from './chat-arrange.ts';

const now = 1_700_000_000_000;
// Newest message first, as the list reads them.
const chats = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ doc: `conv:${id}`, lastAt: now - i }));
const docs = (rows: { doc: string }[]) => rows.map((r) => r.doc.slice('conv:'.length));

describe('arrangeChats', () => {
  it('puts pinned chats first, newest pin first, and keeps archived ones apart', () => {
    const controls = new Map<string, ChatControls>([
      ['d', { pinnedAt: now - 10 }],
      ['e', { pinnedAt: now - 5 }],
      ['b', { archivedAt: now }],
      ['c', { mutedUntil: 'always', markedUnread: true }],
    ]);
    const { main, archived } = arrangeChats(chats, controls, now);
    expect(docs(main)).toEqual(['e', 'd', 'a', 'c']);
    expect(docs(archived)).toEqual(['b']);
    expect(main.find((r) => r.doc === 'conv:c')).toMatchObject({ muted: true, markedUnread: true });
    expect(main.find((r) => r.doc === 'conv:e')).toMatchObject({ pinned: true, muted: false });
  });

  it('brings an archived chat back with a newer message, unless it is muted', () => {
    const later = [
      { doc: 'conv:a', lastAt: now + 1 },
      { doc: 'conv:b', lastAt: now + 1 },
    ];
    const controls = new Map<string, ChatControls>([
      ['a', { archivedAt: now }],
      ['b', { archivedAt: now, mutedUntil: now + 3_600_000 }],
    ]);
    const { main, archived } = arrangeChats(later, controls, now + 2);
    expect(docs(main)).toEqual(['a']);
    expect(docs(archived)).toEqual(['b']);
  });
});
