import { describe, expect, it } from 'vitest';
import { filterChats, inFilter, unreadByFilter } from './chat-filters.ts';

const chats = [
  { doc: 'conv:p1', kind: 'private' as const, unread: 2 },
  { doc: 'conv:b1', kind: 'business' as const, unread: 3 },
  { doc: 'conv:p2', kind: 'private' as const, unread: 0 },
  { doc: 'conv:b2', kind: 'business' as const, unread: 1 },
];
const docs = (list: Array<{ doc: string }>) => list.map((c) => c.doc);

describe('chat filters', () => {
  it('shows every chat under All while business messages are on, in the given order', () => {
    expect(docs(filterChats(chats, 'all', { businessMessages: true }))).toEqual([
      'conv:p1',
      'conv:b1',
      'conv:p2',
      'conv:b2',
    ]);
    expect(docs(filterChats(chats, 'private', { businessMessages: true }))).toEqual([
      'conv:p1',
      'conv:p2',
    ]);
    expect(docs(filterChats(chats, 'business', { businessMessages: true }))).toEqual([
      'conv:b1',
      'conv:b2',
    ]);
  });

  it('counts business messages as on before the preferences are read', () => {
    expect(inFilter('all', 'business', null)).toBe(true);
    expect(inFilter('all', 'business', {})).toBe(true);
    expect(unreadByFilter(chats, undefined)).toEqual({ all: 6, private: 2, business: 4 });
  });

  it('takes business chats out of All, not out of Businesses, when business messages are off', () => {
    const off = { businessMessages: false };
    expect(docs(filterChats(chats, 'all', off))).toEqual(['conv:p1', 'conv:p2']);
    expect(docs(filterChats(chats, 'business', off))).toEqual(['conv:b1', 'conv:b2']);
    expect(docs(filterChats(chats, 'private', off))).toEqual(['conv:p1', 'conv:p2']);
    expect(unreadByFilter(chats, off)).toEqual({ all: 2, private: 2, business: 4 });
  });

  it('counts nothing for no chats', () => {
    expect(unreadByFilter([], null)).toEqual({ all: 0, private: 0, business: 0 });
  });
});
