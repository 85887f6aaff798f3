/**
 * The rows of a chat's message list, flat, because the list is virtualised (only the rows on
 * screen are in the DOM): a button for earlier messages, a date line where the day changes, the
 * unread marker where the unread part begins, and one row per message. Pure, so tested alone.
 *
 * The unread part is the last `unread` messages from others when the chat opened (the chat row's
 * count, the same one the chat list shows), so the marker sits above the first of them.
 */
import type { Placed } from './chat-groups.ts';
import type { TimelineItem } from '../unsent/timeline.ts';

export type ChatRowItem =
  | { kind: 'earlier'; key: 'earlier' }
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: 'unread'; count: number }
  | { kind: 'item'; key: string; item: Placed };

/**
 * The key of the first unread message: walking back from the newest, the `unread`-th message
 * written by someone else. Null when nothing is unread, or when that message is not loaded yet
 * (the caller loads more history first).
 */
export function unreadStart(items: readonly TimelineItem[], unread: number): string | null {
  if (unread <= 0) return null;
  let seen = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind !== 'message' || item.row.mine) continue;
    if (++seen === unread) return item.key;
  }
  return null;
}

export function chatRows(
  placed: readonly Placed[],
  options: { earlier: boolean; unreadKey: string | null; unreadCount: number },
): ChatRowItem[] {
  const rows: ChatRowItem[] = options.earlier ? [{ kind: 'earlier', key: 'earlier' }] : [];
  for (const item of placed) {
    if (item.day !== null) rows.push({ kind: 'day', key: `day|${item.key}`, label: item.day });
    if (item.key === options.unreadKey)
      rows.push({ kind: 'unread', key: 'unread', count: options.unreadCount });
    rows.push({ kind: 'item', key: item.key, item });
  }
  return rows;
}

/** The class of a row of the list (virtua draws the `li`): its kind, and mine, unsent, first. */
export function rowClass(row: ChatRowItem): string {
  if (row.kind !== 'item') return `row ${row.kind}`;
  const { item } = row;
  const mine = item.kind !== 'message' || item.row.mine;
  return `row${mine ? ' mine' : ''}${item.kind === 'message' ? '' : ` ${item.kind}`}${item.first ? ' first' : ''}`;
}
