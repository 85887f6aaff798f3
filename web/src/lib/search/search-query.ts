/**
 * Searches the device's chats offline: messages through the search index (search-index.ts,
 * search-keys.ts), chats by their names. A message matches when each word of the query begins
 * one of its words (folded: `cafe` finds `Café`). Messages come newest first, a page at a time:
 * only the page's rows are read whole, and the next page starts after the last one shown.
 */
import type { ChatRow, MessageRow, SoukDb } from '../db.ts';
import { newest, newestMatches } from './search-keys.ts';
import { matchesAll, queryWords, words } from './words.ts';

export interface MessageHit {
  row: MessageRow;
  /** The chat's name, as the chat list shows it. */
  chat: string;
}

export interface MessageResults {
  hits: MessageHit[];
  /** More messages match than `limit`: the newest are shown. */
  more: boolean;
  /** When `more`: where the next page starts (pass it as `before`). */
  next?: string;
}

/** The message row's key inside a search key (`${padded at}|${message key}`). */
const messageKey = (searchKey: string) => searchKey.slice(searchKey.indexOf('|') + 1);

/**
 * The newest `limit` messages matching `query`, older than `before` (the `next` of the page
 * before; from the newest without it).
 */
export async function searchMessages(
  db: SoukDb,
  query: string,
  limit = 50,
  before: string = newest,
): Promise<MessageResults> {
  const found = await newestMatches(db, queryWords(query), limit + 1, before);
  const page = found.slice(0, limit);
  const rows = await db.messages.bulkGet(page.map(messageKey));
  const present = rows.filter((row): row is MessageRow => row !== undefined);
  const chats = await db.chats.bulkGet([...new Set(present.map((row) => row.doc))]);
  const names = new Map(
    chats.filter((c): c is ChatRow => c !== undefined).map((c) => [c.doc, c.peerLabel]),
  );
  const more = found.length > limit;
  return {
    hits: present.map((row) => ({ row, chat: names.get(row.doc) ?? '' })),
    more,
    next: more ? page.at(-1) : undefined,
  };
}

/** Chats whose name matches the query (a phone number also by any run of three digits or more). */
export function searchChats(chats: readonly ChatRow[], query: string): ChatRow[] {
  const wanted = queryWords(query);
  if (wanted.length === 0) return [];
  const digits = query.replace(/\D/g, '');
  return chats.filter(
    (chat) =>
      matchesAll(words(chat.peerLabel), wanted) ||
      (digits.length >= 3 &&
        digits.length === query.replace(/[\s+()-]/g, '').length &&
        chat.peerLabel.replace(/\D/g, '').includes(digits)),
  );
}
