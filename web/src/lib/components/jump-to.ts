/**
 * Opening a chat at one message (a search result; later a quoted message): how many of the
 * chat's newest messages to read so that it is among them.
 */
import type { SoukDb } from '../db.ts';

/** Messages from `key` to the chat's end (inclusive), or null when it is not on this device. */
export async function messagesFrom(db: SoukDb, doc: string, key: string): Promise<number | null> {
  const row = await db.messages.get(key);
  if (!row || row.doc !== doc) return null;
  return db.messages.where('[doc+pos]').between([doc, row.pos], [doc, Infinity]).count();
}
