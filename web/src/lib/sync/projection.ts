/**
 * Projects a conversation into the rows the UI reads: one row per message (with its tick) and
 * one chat row (peer, last message, unread count). A conversation is its head document plus its
 * epoch documents, oldest first. Pure, so it is tested alone.
 */
import type * as Y from 'yjs';
import {
  conversationParts,
  plainText,
  readConversationKind,
  readMessageEntries,
  readParticipants,
  tickOf,
  type Message,
} from '@souk/sync';
import type { ChatRow, MessageRow } from '../db.ts';

export interface EpochDoc {
  doc: Y.Doc;
  serverState: Map<number, number>;
}

export function projectConversation(
  name: string,
  epochs: EpochDoc[],
  me: string,
): { chat: ChatRow | null; messages: MessageRow[] } {
  const head = epochs[0]!.doc;
  const peer = readParticipants(head).find((p) => p.id !== me);
  const receipts = conversationParts(head).receipts;
  const peerReceipt = peer ? receipts.get(peer.id) : undefined;
  const readUpTo = receipts.get(me)?.r ?? 0;
  const messages: MessageRow[] = [];
  let unread = 0;
  for (const { doc, serverState } of epochs) {
    const deleted = conversationParts(doc).deleted;
    for (const entry of readMessageEntries(doc)) {
      const mine = entry.message.author === me;
      if (!mine && entry.message.n > readUpTo) unread++;
      messages.push({
        key: `${name}|${entry.message.id}`,
        doc: name,
        pos: messages.length,
        id: entry.message.id,
        author: entry.message.author,
        mine,
        at: entry.message.at,
        text: deleted.has(entry.message.id) ? '' : bubbleText(entry.message),
        tick: mine ? tickOf(entry, serverState, peerReceipt) : null,
        ...extrasOf(entry.message),
      });
    }
  }
  if (!peer) return { chat: null, messages };
  const last = messages.at(-1);
  return {
    chat: {
      doc: name,
      kind: readConversationKind(head),
      peerId: peer.id,
      peerLabel: peer.name ?? peer.phone ?? peer.id,
      lastText: last?.image ? `📷 ${last.text}`.trim() : (last?.text ?? ''),
      lastAt: last?.at ?? 0,
      unread,
    },
    messages,
  };
}

/** What a bubble needs beyond plain text: the template to render, or that the platform speaks. */
function extrasOf(message: Message): Pick<MessageRow, 'template' | 'system' | 'image'> {
  if (message.kind === 'system') return { system: true };
  if (message.kind === 'image') {
    const { url, thumb, width, height } = message;
    return { image: { url, thumb, width, height } };
  }
  if (message.kind !== 'template') return {};
  const { template: name, version, language, params } = message;
  return { template: { name, version, params, ...(language ? { language } : {}) } };
}

/** What the bubble writes: a photo's caption under the picture, otherwise the plain text. */
function bubbleText(message: Message): string {
  return message.kind === 'image' ? (message.caption ?? '') : plainText(message);
}
