/**
 * A chat's timeline: its messages in the conversation's order, with each unsent message, and each
 * media message waiting for its upload (outbox/), placed where it was written (after the last
 * message at or before its time), so it shows in place.
 */
import type { MessageRow, OutboxRow, UnsentRow } from '../db.ts';

export type TimelineItem =
  | { kind: 'message'; key: string; row: MessageRow }
  | { kind: 'unsent'; key: string; row: UnsentRow }
  | { kind: 'outbox'; key: string; row: OutboxRow };

type Waiting = Extract<TimelineItem, { kind: 'unsent' | 'outbox' }>;
const atOf = (item: Waiting) => (item.kind === 'unsent' ? item.row.message.at : item.row.at);

export function timeline(
  messages: MessageRow[],
  unsent: UnsentRow[],
  outbox: OutboxRow[] = [],
): TimelineItem[] {
  const waiting: Waiting[] = [
    ...unsent.map((row) => ({ kind: 'unsent' as const, key: `unsent|${row.key}`, row })),
    ...outbox.map((row) => ({ kind: 'outbox' as const, key: `outbox|${row.id}`, row })),
  ].sort((a, b) => atOf(a) - atOf(b));
  const items: TimelineItem[] = [];
  const flushUpTo = (at: number) => {
    while (waiting.length > 0 && atOf(waiting[0]!) < at) items.push(waiting.shift()!);
  };
  for (const row of messages) {
    flushUpTo(row.at);
    items.push({ kind: 'message', key: row.key, row });
  }
  flushUpTo(Infinity);
  return items;
}
