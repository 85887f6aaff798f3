/**
 * Projects a conversation into the rows the UI reads: one row per message (with its tick) and
 * one chat row (peer, last message, unread count). A conversation is its head document plus its
 * epoch documents, oldest first. Pure, so it is tested alone.
 *
 * Messages are read by the conversation's rules (`readChat`, sync/src/docs/chat-rules.ts): each
 * id once, tombstones only from the author, in the server's receive order, pending ones last.
 */
import type * as Y from 'yjs';
import {
  conversationParts,
  isEverydayMessage,
  lastMessageAt,
  plainText,
  summarize,
  readChat,
  readConversationKind,
  readParticipants,
  tickOf,
  type Message,
} from '@souk/sync';
import type { ChatRow, MessageRow } from '../db.ts';
import { actionFields, readActionFacts } from './projection-actions.ts';

export interface EpochDoc {
  doc: Y.Doc;
  serverState: Map<number, number>;
}

export function projectConversation(
  name: string,
  epochs: EpochDoc[],
  me: string,
  /** Messages the person deleted for themselves ("delete for me"): left out. */
  hidden: ReadonlySet<string> = new Set(),
): { chat: ChatRow | null; messages: MessageRow[] } {
  const head = epochs[0]!.doc;
  const participants = readParticipants(head);
  const peer = participants.find((p) => p.id !== me);
  const serving = participants.find((p) => p.id === me)?.kind === 'business';
  const receipts = conversationParts(head).receipts;
  const peerReceipt = peer ? receipts.get(peer.id) : undefined;
  const readUpTo = receipts.get(me)?.r ?? 0;
  const messages: MessageRow[] = [];
  let unread = 0;
  const stateOf = (epoch: number) => epochs[epoch]!.serverState;
  const chat = readChat(
    epochs.map((e) => e.doc),
    (epoch, entry) => (stateOf(epoch).get(entry.client) ?? 0) > entry.clock,
  );
  const facts = readActionFacts(epochs.map((e) => e.doc));
  for (const { entry, epoch, deleted, receivedAt } of chat) {
    if (hidden.has(entry.message.id)) continue;
    const mine = entry.message.author === me;
    if (!mine && entry.message.n > readUpTo) unread++;
    const { shown, ...actions } = actionFields(entry.message, facts, me, deleted);
    messages.push({
      key: `${name}|${entry.message.id}`,
      doc: name,
      pos: messages.length,
      id: entry.message.id,
      author: entry.message.author,
      mine,
      at: entry.message.at,
      text: actions.deleted ? '' : (shown ?? bubbleText(entry.message)),
      tick: mine ? tickOf(entry, stateOf(epoch), peerReceipt) : null,
      // A deleted card is gone (its text is already empty).
      ...(deleted && isEverydayMessage(entry.message) ? {} : extrasOf(entry.message)),
      ...(receivedAt ? { receivedAt } : {}),
      ...actions,
    });
  }
  if (!peer) return { chat: null, messages };
  const last = messages.at(-1);
  const lastRow = chat.at(-1);
  return {
    chat: {
      doc: name,
      kind: readConversationKind(head),
      peerId: peer.id,
      peerLabel: peer.name ?? peer.phone ?? peer.id,
      lastText: last?.image ? `📷 ${last.text}`.trim() : (last?.text ?? ''),
      // A location, contact or media message: the list says what it is, in the reader's language.
      ...(last?.everyday ? { lastKind: summarize(last.everyday) } : {}),
      // The server's time when it has it: an author's clock cannot lift a chat to the top.
      lastAt: lastRow?.receivedAt ?? last?.at ?? 0,
      unread,
      // A business serving a person sees its 24-hour window (as the server computes it).
      ...(serving && peer.kind === 'person'
        ? {
            customerLastAt: lastMessageAt(
              epochs.map((e) => e.doc),
              peer.id,
            ),
          }
        : {}),
    },
    messages,
  };
}

/** What a bubble needs beyond plain text: the template to render, or that the platform speaks. */
function extrasOf(
  message: Message,
): Pick<MessageRow, 'template' | 'system' | 'image' | 'everyday'> {
  if (message.kind === 'system') return { system: true };
  if (isEverydayMessage(message)) return { everyday: message };
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
  if (message.kind === 'image') return message.caption ?? '';
  // A card draws an everyday kind; the row's text is its line ("Contact: Ana"), which search reads.
  if (isEverydayMessage(message)) return plainText(message);
  return plainText(message);
}
