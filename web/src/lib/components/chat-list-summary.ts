/**
 * What the chat list works out from every chat and keeps in a `meta` row, so that the next cold
 * start reads only the newest page of chats and the pinned ones (first-read.ts) yet shows the
 * filters' unread counts and the archived count at once. The list keeps it while it shows every
 * chat; a cold start's figures are those of the list's last look, until Dexie has read every
 * chat, a moment after the first screen.
 */
import type { ChatFilter } from './chat-filters.ts';

export const chatListSummaryKey = 'chatList';

export interface ChatListSummary {
  /** The pinned chats' documents, in the list's order. */
  pinned: string[];
  /** How many chats are archived. */
  archived: number;
  /** Unread messages under each filter. */
  unread: Record<ChatFilter, number>;
}

/** A function that writes a summary when it differs from the last one written (or read). */
export function summaryKeeper(
  write: (key: string, summary: ChatListSummary) => unknown,
  last: ChatListSummary | undefined,
): (summary: ChatListSummary) => void {
  let kept = JSON.stringify(last);
  return (summary) => {
    const next = JSON.stringify(summary);
    if (next === kept) return;
    kept = next;
    void write(chatListSummaryKey, summary);
  };
}
