/**
 * Searches the device's chats offline: messages through the search index (search-index.ts),
 * chats by their names. A message matches when each word of the query begins one of its words
 * (folded: `cafe` finds `Café`). The index gives the keys of the messages with a word beginning
 * with the query's longest word; the keys sort by time, so the newest come first and only as many
 * as are shown are read whole.
 */
import type { ChatRow, MessageRow, SoukDb } from '../db.ts';
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
}

/** The message row's key inside a search key (`${padded at}|${message key}`). */
const messageKey = (searchKey: string) => searchKey.slice(searchKey.indexOf('|') + 1);

// Candidates are checked against the other words this many at a time, newest first.
const chunk = 200;

export async function searchMessages(
  db: SoukDb,
  query: string,
  limit = 50,
): Promise<MessageResults> {
  const wanted = queryWords(query);
  if (wanted.length === 0) return { hits: [], more: false };
  // Words of three letters or more narrow by their keys alone (sets intersected); shorter ones
  // would bring most of the index, so they are checked on the candidates' rows instead.
  const [lead, ...others] = wanted as [string, ...string[]];
  const narrowing = others.filter((w) => w.length >= 3);
  const checked = others.filter((w) => w.length < 3);
  const [leadKeys, ...otherKeys] = await Promise.all(
    [lead, ...narrowing].map(
      async (w) => (await db.search.where('w').startsWith(w).primaryKeys()) as string[],
    ),
  );
  const sets = otherKeys.map((keys) => new Set(keys));
  // A message with two words beginning so comes twice; several words come as several runs.
  const newest = [...new Set(leadKeys)].filter((k) => sets.every((set) => set.has(k)));
  newest.sort().reverse();
  let found: string[];
  if (checked.length === 0) found = newest.slice(0, limit + 1);
  else {
    found = [];
    for (let i = 0; i < newest.length && found.length <= limit; i += chunk) {
      const rows = await db.search.bulkGet(newest.slice(i, i + chunk));
      for (const row of rows) if (row && matchesAll(row.w, checked)) found.push(row.k);
    }
  }
  const more = found.length > limit;
  const rows = await db.messages.bulkGet(found.slice(0, limit).map(messageKey));
  const present = rows.filter((row): row is MessageRow => row !== undefined);
  const chats = await db.chats.bulkGet([...new Set(present.map((row) => row.doc))]);
  const names = new Map(
    chats.filter((c): c is ChatRow => c !== undefined).map((c) => [c.doc, c.peerLabel]),
  );
  return { hits: present.map((row) => ({ row, chat: names.get(row.doc) ?? '' })), more };
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
