/**
 * The personal chat list's filters: All, Private and Businesses, each with its unread count.
 * With "Business messages" off in Settings, business chats leave All but stay under Businesses,
 * so the person can still find them. Business messages count as on until the person turns them
 * off, also before the preferences document has been read.
 */
import type { ChatRow } from '$lib/db.ts';

export const chatFilters = ['all', 'private', 'business'] as const;
export type ChatFilter = (typeof chatFilters)[number];

export interface ChatFilterPrefs {
  /** `false` only once the person has turned business messages off. */
  businessMessages?: boolean;
}

type FilteredChat = Pick<ChatRow, 'kind' | 'unread'>;

/** Whether a chat of `kind` shows under `filter`. */
export function inFilter(
  filter: ChatFilter,
  kind: ChatRow['kind'],
  prefs: ChatFilterPrefs | null | undefined,
): boolean {
  if (filter === 'all') return kind !== 'business' || prefs?.businessMessages !== false;
  return kind === filter;
}

/** The chats under `filter`, in the order given. */
export function filterChats<T extends FilteredChat>(
  chats: readonly T[],
  filter: ChatFilter,
  prefs: ChatFilterPrefs | null | undefined,
): T[] {
  return chats.filter((c) => inFilter(filter, c.kind, prefs));
}

/** Unread messages under each filter. */
export function unreadByFilter(
  chats: readonly FilteredChat[],
  prefs: ChatFilterPrefs | null | undefined,
): Record<ChatFilter, number> {
  const counts: Record<ChatFilter, number> = { all: 0, private: 0, business: 0 };
  for (const chat of chats)
    for (const filter of chatFilters)
      if (inFilter(filter, chat.kind, prefs)) counts[filter] += chat.unread;
  return counts;
}
