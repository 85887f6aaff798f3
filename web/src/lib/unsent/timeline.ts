/**
 * A chat's timeline: its messages in the conversation's order, with each unsent message placed
 * where it was written (after the last message at or before its time), so it shows in place.
 */
import type { MessageRow, UnsentRow } from '../db.ts';

export type TimelineItem =
  | { kind: 'message'; key: string; row: MessageRow }
  | { kind: 'unsent'; key: string; row: UnsentRow };

export function timeline(messages: MessageRow[], unsent: UnsentRow[]): TimelineItem[] {
  const waiting = [...unsent].sort((a, b) => a.message.at - b.message.at);
  const items: TimelineItem[] = [];
  const flushUpTo = (at: number) => {
    while (waiting.length > 0 && waiting[0]!.message.at < at) {
      const row = waiting.shift()!;
      items.push({ kind: 'unsent', key: `unsent|${row.key}`, row });
    }
  };
  for (const row of messages) {
    flushUpTo(row.at);
    items.push({ kind: 'message', key: row.key, row });
  }
  flushUpTo(Infinity);
  return items;
}
