/**
 * The conversation document (`conv:<id>`): how a chat between two parties lives in a Y.Doc.
 *
 * - `meta` (map, written by the server only): `participants` and `kind`.
 * - `messages` (array of immutable JSON messages, append-only). A message never changes; each
 *   author numbers its own messages with `n` so receipts can be small watermarks.
 * - `receipts` (map, one key per participant): `{ d, r }` = the highest `n` of the *other*
 *   party's messages delivered to / read on any of this participant's devices. Watermarks only
 *   grow, so a receipt is one small value however long the chat gets.
 * - `deleted` (map msgId → { at, by }): "delete for everyone" tombstones, by the author only,
 *   in any epoch of the conversation (a later change to an old message goes to the current one).
 * - `received` (map msgId → ms, written by the server only): when the server received each
 *   message, recorded in the commit that stores it. Chats are ordered by it; `at` is only the
 *   author's "written at".
 * - `meta.left` (head, server only): for each epoch left within the last week, when and at which
 *   state vector the conversation left it (late writes into it are bounded, see chat-rules.ts).
 *
 * A `system` message is the platform speaking in the conversation (e.g. confirming a STOP): the
 * server alone writes it, as `platform`, with `n: 0` so it never moves anyone's receipts.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { limits } from '../limits.ts';
import {
  deletedMessageSchema,
  messageBaseSchema,
  nextMessageNumber,
  type MessageExtras,
} from './message-base.ts';

export { deletedMessageSchema, type DeletedMessage, type MessageExtras } from './message-base.ts';
export { tickOf, type Tick } from './ticks.ts';

export { nextMessageNumber };
import { templateMessageSchema } from '../templates/message.ts';
import { randomId } from '../ids.ts';
import { platformActor } from '../identity.ts';
import { everydayKindSchemas, type EverydayMessage } from '../kinds/schemas.ts';
import { summaryText } from '../kinds/summary.ts';
import {
  imageMessageSchema,
  mediaUrlSchema,
  participantSchema,
  type ImageMessage,
  type Participant,
} from './image-message.ts';

export {
  imageMessageSchema,
  mediaUrlSchema,
  participantSchema,
  type ImageMessage,
  type Participant,
};

export const conversationKindSchema = z.enum(['private', 'business']);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

export const textMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('text'),
    text: z.string().trim().min(1).max(limits.maxMessageChars),
  })
  .strict();

export type TextMessage = z.infer<typeof textMessageSchema>;

/** What a system message is about, so apps can show it in their own language. */
export const systemEventSchema = z.enum(['opted_out', 'opted_in']);
export type SystemEvent = z.infer<typeof systemEventSchema>;

export const systemMessageSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    author: z.literal(platformActor.id),
    n: z.literal(0),
    at: z.int().nonnegative(),
    kind: z.literal('system'),
    event: systemEventSchema,
    /** The platform's wording, in the language the person used. */
    text: z.string().trim().min(1).max(limits.maxMessageChars),
  })
  .strict();
export type SystemMessage = z.infer<typeof systemMessageSchema>;

export const messageSchema = z.discriminatedUnion('kind', [
  textMessageSchema,
  deletedMessageSchema,
  templateMessageSchema,
  imageMessageSchema,
  systemMessageSchema,
  ...everydayKindSchemas,
]);
export type Message = z.infer<typeof messageSchema>;

export const receiptSchema = z
  .object({ d: z.int().nonnegative(), r: z.int().nonnegative() })
  .strict()
  .refine((receipt) => receipt.r <= receipt.d, 'read cannot be ahead of delivered');
export type Receipt = z.infer<typeof receiptSchema>;

/** `by`: the author deleting (required to delete a message of another epoch; older ones lack it). */
export const tombstoneSchema = z
  .object({ at: z.int().nonnegative(), by: z.string().min(1).max(64).optional() })
  .strict();
export type Tombstone = z.infer<typeof tombstoneSchema>;

export function conversationParts(doc: Y.Doc) {
  return {
    meta: doc.getMap<unknown>('meta'),
    messages: doc.getArray<Message>('messages'),
    receipts: doc.getMap<Receipt>('receipts'),
    deleted: doc.getMap<Tombstone>('deleted'),
    received: doc.getMap<number>('received'),
    /** `<messageId>/<personId>` → that person's reaction (docs/actions.ts). */
    reactions: doc.getMap<unknown>('reactions'),
    /** Edits of messages, in order (docs/actions.ts). */
    edits: doc.getArray<unknown>('edits'),
  };
}

export function readParticipants(doc: Y.Doc): Participant[] {
  const parsed = z
    .array(participantSchema)
    .safeParse(conversationParts(doc).meta.get('participants'));
  return parsed.success ? parsed.data : [];
}

/** The epoch new messages go to (written by the server into the head's `meta`). */
export function readEpoch(head: Y.Doc): number {
  const epoch = conversationParts(head).meta.get('epoch');
  return typeof epoch === 'number' && Number.isInteger(epoch) && epoch >= 0 ? epoch : 0;
}

export function readConversationKind(doc: Y.Doc): ConversationKind {
  const parsed = conversationKindSchema.safeParse(conversationParts(doc).meta.get('kind'));
  return parsed.success ? parsed.data : 'private';
}

/** Server-side: writes who is in the conversation. Clients may never change `meta`. */
export function initConversation(doc: Y.Doc, kind: ConversationKind, participants: Participant[]) {
  const { meta } = conversationParts(doc);
  doc.transact(() => {
    meta.set('kind', kind);
    meta.set('participants', participants);
  });
}

/** A message with the Yjs id of the item that carries it, so devices can tell if the server has it. */
export interface MessageEntry {
  message: Message;
  client: number;
  clock: number;
}

export function readMessageEntries(doc: Y.Doc): MessageEntry[] {
  const entries: MessageEntry[] = [];
  let item = conversationParts(doc).messages._start;
  while (item !== null) {
    if (!item.deleted) {
      const values = item.content.getContent() as Message[];
      values.forEach((message, offset) => {
        entries.push({ message, client: item!.id.client, clock: item!.id.clock + offset });
      });
    }
    item = item.right;
  }
  return entries;
}

/** Appends a text message to `doc` (the current epoch); `earlier` are epochs to number after. */
export function appendText(
  doc: Y.Doc,
  author: string,
  text: string,
  now: number,
  earlier: Y.Doc[] = [],
  extras: MessageExtras = {},
): TextMessage {
  const message: TextMessage = {
    id: randomId(),
    author,
    n: nextMessageNumber([doc, ...earlier], author),
    at: now,
    kind: 'text',
    text: text.trim(),
    ...extras,
  };
  textMessageSchema.parse(message);
  conversationParts(doc).messages.push([message]);
  return message;
}

/** Server-side: the platform's message in a conversation (never written by a client). */
export function appendSystem(doc: Y.Doc, event: SystemEvent, text: string, now: number): Message {
  const message = systemMessageSchema.parse({
    id: randomId(),
    author: platformActor.id,
    n: 0,
    at: now,
    kind: 'system',
    event,
    text,
  });
  conversationParts(doc).messages.push([message]);
  return message;
}

/**
 * "Delete for everyone": the tombstone goes to `current` (the current epoch's document), whichever
 * epoch holds the message, and names its author (`by`).
 */
export function deleteForEveryone(current: Y.Doc, messageId: string, by: string, now: number) {
  conversationParts(current).deleted.set(messageId, { at: now, by });
}

/** Raises this participant's watermarks (never lowers them); returns whether anything changed. */
export function raiseReceipt(doc: Y.Doc, participant: string, next: Partial<Receipt>): boolean {
  const { receipts } = conversationParts(doc);
  const current = receipts.get(participant) ?? { d: 0, r: 0 };
  const r = Math.max(current.r, next.r ?? 0);
  const d = Math.max(current.d, next.d ?? 0, r);
  if (d === current.d && r === current.r) return false;
  receipts.set(participant, { d, r });
  return true;
}

/** The highest `n` among messages written by anyone but `participant`, across the given epochs. */
export function latestFromOthers(docs: Y.Doc | Y.Doc[], participant: string): number {
  let max = 0;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    for (const message of conversationParts(doc).messages) {
      if (message.author !== participant && message.n > max) max = message.n;
    }
  }
  return max;
}

/** A message as plain text (chat list previews, search, notifications): a template's fallback. */
export function plainText(message: Message): string {
  switch (message.kind) {
    case 'template':
      return message.fallback;
    case 'image':
      return message.caption ? `📷 ${message.caption}` : '📷';
    case 'text':
    case 'system':
      return message.text;
    case 'deleted':
      return '';
    default:
      return summaryText(message satisfies EverydayMessage);
  }
}

/** Appends an uploaded image (with its caption) to `doc`, the current epoch. */
export function appendImage(
  doc: Y.Doc,
  author: string,
  image: Pick<ImageMessage, 'url' | 'thumb' | 'width' | 'height'> & { caption?: string },
  now: number,
  earlier: Y.Doc[] = [],
  extras: MessageExtras = {},
): ImageMessage {
  const caption = image.caption?.trim();
  const message = imageMessageSchema.parse({
    ...extras,
    id: randomId(),
    author,
    n: nextMessageNumber([doc, ...earlier], author),
    at: now,
    kind: 'image',
    url: image.url,
    thumb: image.thumb,
    width: image.width,
    height: image.height,
    ...(caption ? { caption } : {}),
  });
  conversationParts(doc).messages.push([message]);
  return message;
}
