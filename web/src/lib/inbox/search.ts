/**
 * Search across the business's chats, on the device (offline too): a chat matches by its
 * customer's name or phone number, and every message whose text contains the words matches with
 * its chat. Case and accents are ignored; a query with digits also matches phone numbers written
 * with spaces or dashes. The message table is scanned (no index can answer "contains"), newest
 * first, up to a bound, which stays fast for the tens of thousands of rows a device holds.
 */
import type { ChatRow, MessageRow, SoukDb } from '$lib/db.ts';

/** Lower case without accents, so "cafe" finds "Café". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether `text` contains every word of `query` (folded); digits also compare without separators. */
export function matches(text: string, query: string): boolean {
  const folded = fold(text);
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return false;
  if (words.every((w) => folded.includes(w))) return true;
  const digits = query.replace(/\D/g, '');
  return digits.length >= 3 && text.replace(/\D/g, '').includes(digits);
}

export interface SearchResult {
  /** Conversations that match by customer or by a message. */
  docs: Set<string>;
  /** Matching messages, newest first. */
  messages: MessageRow[];
  /** Each conversation's customer, as the chat list names them. */
  peers: Map<string, string>;
}

const maxMessages = 50;

export async function searchChats(db: SoukDb, query: string): Promise<SearchResult> {
  const chats: ChatRow[] = await db.chats.toArray();
  const docs = new Set(
    chats.filter((c) => matches(`${c.peerLabel} ${c.peerId}`, query)).map((c) => c.doc),
  );
  const messages = await db.messages
    .filter((m) => !m.system && m.text !== '' && matches(m.text, query))
    .limit(maxMessages * 4)
    .toArray();
  messages.sort((a, b) => b.at - a.at);
  messages.forEach((m) => docs.add(m.doc));
  const peers = new Map(chats.map((c) => [c.doc, c.peerLabel]));
  return { docs, messages: messages.slice(0, maxMessages), peers };
}
