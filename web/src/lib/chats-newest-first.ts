import type { ChatRow, SoukDb } from './db.ts';

/**
 * Every chat, the most recent first, for a live query: read by primary key in a transaction of its
 * own and sorted here, because Dexie's liveQuery notes every row's key when a query goes through
 * another index and deep-copies the rows it caches (a readonly query outside an explicit
 * transaction); with ten thousand chats those took longer than reading them.
 */
export function chatsNewestFirst(db: SoukDb): Promise<ChatRow[]> {
  return db.transaction('r', db.chats, async () =>
    (await db.chats.toArray()).sort((a, b) => b.lastAt - a.lastAt || (a.doc < b.doc ? 1 : -1)),
  );
}
