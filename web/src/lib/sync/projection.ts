/**
 * Projects a conversation document into the rows the UI reads: one row per message (with its
 * tick) and one chat row (peer, last message, unread count). Pure, so it is tested alone.
 */
import type * as Y from 'yjs';
import {
  conversationParts,
  readConversationKind,
  readMessageEntries,
  readParticipants,
  tickOf,
} from '@souk/sync';
import type { ChatRow, MessageRow } from '../db.ts';

export function projectConversation(
  name: string,
  doc: Y.Doc,
  me: string,
  serverState: Map<number, number>,
): { chat: ChatRow | null; messages: MessageRow[] } {
  const peer = readParticipants(doc).find((p) => p.id !== me);
  const receipts = conversationParts(doc).receipts;
  const peerReceipt = peer ? receipts.get(peer.id) : undefined;
  const readUpTo = receipts.get(me)?.r ?? 0;
  const deleted = conversationParts(doc).deleted;
  const messages: MessageRow[] = readMessageEntries(doc).map((entry, pos) => {
    const mine = entry.message.author === me;
    return {
      key: `${name}|${entry.message.id}`,
      doc: name,
      pos,
      id: entry.message.id,
      author: entry.message.author,
      mine,
      at: entry.message.at,
      text: deleted.has(entry.message.id) ? '' : entry.message.text,
      tick: mine ? tickOf(entry, serverState, peerReceipt) : null,
    };
  });
  if (!peer) return { chat: null, messages };
  const last = messages.at(-1);
  return {
    chat: {
      doc: name,
      kind: readConversationKind(doc),
      peerId: peer.id,
      peerLabel: peer.name ?? peer.phone ?? peer.id,
      lastText: last?.text ?? '',
      lastAt: last?.at ?? 0,
      unread: readMessageEntries(doc).filter(
        (e) => e.message.author !== me && e.message.n > readUpTo,
      ).length,
    },
    messages,
  };
}
