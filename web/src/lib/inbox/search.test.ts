import { describe, expect, it } from 'vitest';
import type { MessageRow } from '$lib/db.ts';
import { NewestFirst, fold, matches, searchChats, type SearchSource } from './search.ts';

describe('inbox search', () => {
  it('ignores case and accents', () => {
    expect(fold('Café CRÈME')).toBe('cafe creme');
    expect(matches('Two Café con leche', 'cafe')).toBe(true);
    expect(matches('Pan de centeno', 'CENTENO pan')).toBe(true);
    expect(matches('Pan de centeno', 'croissant')).toBe(false);
  });

  it('finds phone numbers however they are written', () => {
    expect(matches('+34611222333', '611 222')).toBe(true);
    expect(matches('+34 611 222 333', '611222333')).toBe(true);
    expect(matches('+34611222333', '999')).toBe(false);
  });

  it('matches nothing for an empty query', () => {
    expect(matches('anything', '   ')).toBe(false);
  });
});

describe('searchChats', () => {
  const message = (n: number, at: number, text = `order ${n}`): MessageRow => ({
    key: `conv:c${n % 7}:${String(n).padStart(4, '0')}`,
    doc: `conv:c${n % 7}`,
    pos: n,
    id: `m${n}`,
    author: 'u_peer',
    mine: false,
    at,
    text,
    tick: null,
  });
  const source = (messages: MessageRow[]): SearchSource => ({
    chats: { toArray: async () => [] },
    messages: {
      each: async (visit) => {
        // Key order, as Dexie scans the table: not time order.
        [...messages].sort((a, b) => (a.key < b.key ? -1 : 1)).forEach(visit);
      },
    },
  });

  it('keeps the newest matches when more match than it shows', async () => {
    // 300 matches, the newest of them late in key order (the old scan stopped at 200 rows).
    const rows = Array.from({ length: 300 }, (_, n) => message(n, 1_000 + n));
    rows.push(message(300, 5_000, 'no match here'));
    const { messages, docs } = await searchChats(source(rows), 'order');
    expect(messages).toHaveLength(50);
    expect(messages[0]!.id).toBe('m299');
    expect(messages.map((m) => m.at)).toEqual(
      Array.from({ length: 50 }, (_, i) => 1_000 + 299 - i),
    );
    expect(docs.size).toBe(7);
  });

  it('orders by time whatever the key order', async () => {
    const rows = [message(1, 30), message(2, 10), message(3, 20)];
    const { messages } = await searchChats(source(rows), 'order');
    expect(messages.map((m) => m.id)).toEqual(['m1', 'm3', 'm2']);
  });
});

describe('NewestFirst', () => {
  it('keeps at most its limit, newest first, equal times in arrival order', () => {
    const newest = new NewestFirst<{ at: number; id: string }>(3);
    for (const [at, id] of [
      [5, 'a'],
      [1, 'b'],
      [9, 'c'],
      [5, 'd'],
      [0, 'e'],
      [7, 'f'],
    ] as const)
      newest.offer({ at, id });
    expect(newest.rows.map((r) => r.id)).toEqual(['c', 'f', 'a']);
  });
});
