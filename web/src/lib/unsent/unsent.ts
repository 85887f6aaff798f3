/**
 * The unsent list: the device's own messages the server refused. The sync client hands a refused
 * conversation here before rolling it back (`keepUnsent` is its `keepRefused`), so a message
 * leaves the document only once it is safe in Dexie; the chat shows it in place with its reason,
 * and the person sends it again (a new message) or deletes it.
 */
import type * as Y from 'yjs';
import { appendAgain, headDocName, refusedMessages, type RefusedChange } from '@souk/sync';
import type { SoukDb, UnsentRow } from '../db.ts';

/** Stores the author's refused messages of a conversation; returns the rows it wrote. */
export async function keepUnsent(
  db: SoukDb,
  refusal: RefusedChange,
  author: string,
  now: number,
): Promise<UnsentRow[]> {
  if (!refusal.name.startsWith('conv:')) return [];
  const doc = headDocName(refusal.name);
  const { code, details } = refusal;
  const rows = refusedMessages(refusal.doc, refusal.serverState, author).map((message) => ({
    key: `${doc}|${message.id}`,
    doc,
    message,
    code,
    details,
    refusedAt: now,
  }));
  if (rows.length > 0) await db.unsent.bulkPut(rows);
  return rows;
}

/**
 * Sends an unsent message again, as a new message in the conversation's current epoch (`epochs`,
 * head first), and takes it off the list. Refused again, it comes back under its new id.
 */
export async function retryUnsent(
  db: SoukDb,
  row: UnsentRow,
  epochs: Y.Doc[],
  now: number,
): Promise<void> {
  appendAgain(epochs.at(-1)!, row.message, now, epochs.slice(-2, -1));
  await db.unsent.delete(row.key);
}
