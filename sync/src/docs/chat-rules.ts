/**
 * What makes a conversation's messages owned, unique and ordered by the server, in one place:
 * the validator enforces these rules on every update (validator/message-rules.ts) and devices
 * render by them (`readChat`), so stored data that breaks them — written before they existed —
 * never shows a forged edit, deletion or reordering.
 *
 * - A message id is unique within the conversation, across its epochs: only its first copy counts.
 * - A tombstone deletes a message of its own author, found unambiguously by id, in any epoch.
 * - The chat is ordered by the server's receive time (`received`), pending messages last.
 * - An epoch the conversation has left takes late writes for a week, at most 100 items per identity.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import {
  conversationParts,
  readMessageEntries,
  tombstoneSchema,
  type Message,
  type MessageEntry,
} from './conversation.ts';

/** How long, and how much, an epoch the conversation has left still takes (offline devices). */
export const leftEpochLimits = {
  lateWriteMs: 7 * 24 * 60 * 60 * 1000,
  maxLateItemsPerIdentity: 100,
} as const;

/** Where a message is: its epoch (the index of its document in the conversation). */
export interface Located {
  message: Message;
  epoch: number;
}

/** A conversation's documents by epoch (index 0 is the head); a missing one is skipped. */
export type ConversationDocs = readonly (Y.Doc | undefined)[];

const indexes = new WeakMap<Y.Doc, { length: number; ids: Map<string, Message[]> }>();

/** Message id → its copies in one document (cached until the document gets more messages). */
function idsOf(doc: Y.Doc): Map<string, Message[]> {
  const messages = conversationParts(doc).messages;
  const cached = indexes.get(doc);
  if (cached && cached.length === messages.length) return cached.ids;
  const ids = new Map<string, Message[]>();
  for (const message of messages) {
    if (typeof message?.id !== 'string') continue;
    const copies = ids.get(message.id);
    if (copies) copies.push(message);
    else ids.set(message.id, [message]);
  }
  indexes.set(doc, { length: messages.length, ids });
  return ids;
}

/** Every copy of the message `id` in the conversation, oldest epoch first. */
export function findMessages(docs: ConversationDocs, id: string): Located[] {
  const found: Located[] = [];
  docs.forEach((doc, epoch) => {
    for (const message of (doc && idsOf(doc).get(id)) ?? []) found.push({ message, epoch });
  });
  return found;
}

/** When the server received a message (its own documents' map), if it recorded it. */
export function receivedAt(docs: ConversationDocs, located: Located): number | undefined {
  const time = docs[located.epoch] && conversationParts(docs[located.epoch]!).received;
  const value = time?.get(located.message.id);
  return typeof value === 'number' ? value : undefined;
}

export const leftEpochSchema = z
  .object({
    at: z.int().nonnegative(),
    /** The epoch document's state vector (client → clock) when the conversation left it. */
    state: z.record(z.string().regex(/^\d+$/), z.int().nonnegative()),
  })
  .strict();
export const leftEpochsSchema = z.record(z.string().regex(/^\d+$/), leftEpochSchema);
export type LeftEpoch = z.infer<typeof leftEpochSchema>;

/** The head's record of the epochs left lately (`meta.left`): epoch → when and at which state. */
export function readLeftEpochs(head: Y.Doc): Record<string, LeftEpoch> {
  const parsed = leftEpochsSchema.safeParse(conversationParts(head).meta.get('left'));
  return parsed.success ? parsed.data : {};
}

/**
 * Items (values in `messages`, `deleted`, `reactions` or `edits`) written into `doc` by clients of `identity` after the
 * conversation left it, i.e. beyond the state vector recorded then.
 */
export function lateItems(doc: Y.Doc, left: LeftEpoch, isOwn: (client: number) => boolean): number {
  const roots = new Set<unknown>(
    ['messages', 'deleted', 'reactions', 'edits'].map((root) => doc.share.get(root)),
  );
  let count = 0;
  for (const [client, structs] of doc.store.clients) {
    if (!isOwn(client)) continue;
    const from = left.state[String(client)] ?? 0;
    for (const struct of structs) {
      if (struct.id.clock + struct.length <= from || !(struct instanceof Y.Item)) continue;
      if (roots.has(struct.parent)) count += struct.length;
    }
  }
  return count;
}

/** One message as a device shows it. */
export interface ChatEntry {
  entry: MessageEntry;
  epoch: number;
  /** The server's receive time, once the device has it. */
  receivedAt?: number;
  /** Deleted for everyone by its author. */
  deleted: boolean;
  /** Not on the server yet (shown last). */
  pending: boolean;
}

/**
 * The conversation as devices show it, from its documents oldest epoch first: each message id
 * once (its first copy), tombstones only from the message's author, in the server's receive
 * order with the device's pending messages last. Stored messages the server never stamped
 * (written before receive times existed) keep their place after the stamped ones before them.
 */
export function readChat(
  docs: readonly Y.Doc[],
  isStored: (epoch: number, entry: MessageEntry) => boolean,
): ChatEntry[] {
  const seen = new Set<string>();
  const rows: Array<ChatEntry & { key: number }> = [];
  let carried = -Infinity;
  docs.forEach((doc, epoch) => {
    const received = conversationParts(doc).received;
    for (const entry of readMessageEntries(doc)) {
      const { id } = entry.message;
      if (seen.has(id)) continue; // a second copy of an id: never an "edit"
      seen.add(id);
      const time = received.get(id);
      const stored = isStored(epoch, entry);
      const receivedAt = typeof time === 'number' ? time : undefined;
      if (receivedAt !== undefined) carried = Math.max(carried, receivedAt);
      const key = receivedAt ?? (stored ? carried : Infinity);
      const deleted =
        entry.message.kind === 'deleted' || isDeleted(docs, { message: entry.message, epoch });
      rows.push({
        entry,
        epoch,
        deleted,
        pending: !stored,
        key,
        ...(receivedAt ? { receivedAt } : {}),
      });
    }
  });
  // A stable sort: equal keys keep the documents' order.
  return rows.sort((a, b) => a.key - b.key).map(({ key: _key, ...row }) => row);
}

/** Whether a tombstone that the rules allow deletes this message. */
export function isDeleted(docs: ConversationDocs, target: Located): boolean {
  const { id, author } = target.message;
  if (findMessages(docs, id).length !== 1) return false; // ambiguous: nobody's to delete
  return docs.some((doc, epoch) => {
    if (!doc) return false;
    const parsed = tombstoneSchema.safeParse(conversationParts(doc).deleted.get(id));
    if (!parsed.success) return false;
    // Without `by` (older tombstones) only one in the message's own document was checked.
    return parsed.data.by === undefined ? epoch === target.epoch : parsed.data.by === author;
  });
}
