/**
 * Search across the business's chats, on the device (offline too): a chat matches by its
 * customer's name or phone number, and every message whose text contains the words matches with
 * its chat. Case and accents are ignored; a query with digits also matches phone numbers written
 * with spaces or dashes. The message table is scanned whole (no index can answer "contains"),
 * keeping only the newest matches as it goes: the bound applies after ordering by time, so the
 * newest match is never dropped for one that came earlier in key order. A scan stays fast for the
 * tens of thousands of rows a device holds.
 */
import type { ChatRow, MessageRow } from '$lib/db.ts';

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

/** Keeps the `limit` newest rows offered to it, newest first, whatever order they come in. */
export class NewestFirst<T extends { at: number }> {
  readonly rows: T[] = [];
  constructor(private readonly limit: number) {}

  offer(row: T): void {
    const rows = this.rows;
    if (rows.length === this.limit && row.at <= rows[rows.length - 1]!.at) return;
    // Binary search for the first row older than `row` (equal times keep their arrival order).
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid]!.at >= row.at) lo = mid + 1;
      else hi = mid;
    }
    rows.splice(lo, 0, row);
    if (rows.length > this.limit) rows.pop();
  }
}

/** The part of the device database a search reads (a `SoukDb` is one). */
export interface SearchSource {
  chats: { toArray(): PromiseLike<ChatRow[]> };
  messages: { each(visit: (row: MessageRow) => void): PromiseLike<void> };
}

export async function searchChats(db: SearchSource, query: string): Promise<SearchResult> {
  const chats: ChatRow[] = await db.chats.toArray();
  const docs = new Set(
    chats.filter((c) => matches(`${c.peerLabel} ${c.peerId}`, query)).map((c) => c.doc),
  );
  const newest = new NewestFirst<MessageRow>(maxMessages);
  const matchedDocs = new Set<string>();
  await db.messages.each((m) => {
    if (m.system || m.text === '' || !matches(m.text, query)) return;
    matchedDocs.add(m.doc);
    newest.offer(m);
  });
  matchedDocs.forEach((doc) => docs.add(doc));
  const peers = new Map(chats.map((c) => [c.doc, c.peerLabel]));
  return { docs, messages: newest.rows, peers };
}
