/**
 * Message actions: entries in the conversation's **current** epoch document that name their
 * target message by id (the message itself never changes; docs/protocol.md, Message actions).
 *
 * - `reactions` (map): `<messageId>/<personId>` → `{emoji, at}`; `emoji: null` is "removed". One
 *   per person per message; across epochs the entry of the latest epoch counts.
 * - `edits` (array): `{id, by, text, at}`, a new text for one's own text message within 15
 *   minutes of the server receiving it; all of them, in order, are its history.
 * - replies and forwards are new messages: `reply: {id, author, snapshot?}`, `forwarded: true`.
 * - "delete for everyone" is the tombstone of conversation.ts; the server then replaces the
 *   message with a stub (`kind: 'deleted'`) and drops its edits. "Delete for me" is a key of the
 *   person's preferences (preferences.ts `hiddenKey`).
 *
 * The builders here are what devices (and the server, for the Business API) write with; they
 * refuse locally what the validator would refuse, with the same reason codes.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { limits } from '../limits.ts';
import { findMessages, isDeleted, receivedAt, type ConversationDocs } from './chat-rules.ts';
import {
  appendText,
  conversationParts,
  deleteForEveryone,
  messageSchema,
  plainText,
  readEpoch,
  type Message,
} from './conversation.ts';
import {
  messageIdSchema,
  nextMessageNumber,
  replySnapshotChars,
  type Reply,
} from './message-base.ts';
import { randomId } from '../ids.ts';

export { replySchema, replySnapshotChars, type Reply } from './message-base.ts';
import type { ReasonCode } from '../contract/codes.ts';

/**
 * Emoji only: pictographs, flags (regional indicators, or a black flag's tag sequence such as
 * England's), keycaps, skin tones and joiners (a short sequence).
 */
const emojiPattern =
  /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3|[#*0-9]|[\u{e0020}-\u{e007f}])+$/u;

export const reactionSchema = z
  .object({
    emoji: z.string().max(32).regex(emojiPattern, 'A reaction is an emoji.').nullable(),
    at: z.int().nonnegative(),
  })
  .strict();
export type Reaction = z.infer<typeof reactionSchema>;

export const editSchema = z
  .object({
    id: messageIdSchema,
    by: z.string().min(1).max(64),
    text: z.string().trim().min(1).max(limits.maxMessageChars),
    at: z.int().nonnegative(),
  })
  .strict();
export type Edit = z.infer<typeof editSchema>;

const personPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function reactionKey(messageId: string, person: string): string {
  return `${messageId}/${person}`;
}

/** `{message, person}` of a reaction key, or null for a key of any other shape. */
export function parseReactionKey(key: string): { message: string; person: string } | null {
  const [message, person, ...rest] = key.split('/');
  if (rest.length > 0 || !message || !person) return null;
  if (!messageIdSchema.safeParse(message).success || !personPattern.test(person)) return null;
  return { message, person };
}

/** An action the rules would refuse, with the validator's reason code. */
export class ActionRefused extends Error {
  constructor(readonly code: ReasonCode) {
    super(code);
  }
}

/** The one message with this id in the conversation, or a refusal. */
function target(docs: ConversationDocs, id: string) {
  const found = findMessages(docs, id);
  if (found.length === 0) throw new ActionRefused('no_such_message');
  if (found.length > 1) throw new ActionRefused('ambiguous_message');
  return found[0]!;
}

/** The document actions go to: the current epoch (docs are the conversation's, head first). */
function current(docs: readonly Y.Doc[]): Y.Doc {
  const epoch = readEpoch(docs[0]!);
  const doc = docs[epoch];
  if (!doc) throw new Error(`the current epoch ${epoch} is not loaded`);
  return doc;
}

/** Sets, changes (`emoji`) or removes (`null`) `person`'s reaction to a message. */
export function react(
  docs: readonly Y.Doc[],
  messageId: string,
  person: string,
  emoji: string | null,
  now: number,
): Reaction {
  const found = target(docs, messageId);
  if (found.message.kind === 'system') throw new ActionRefused('invalid_reaction');
  if (isDeleted(docs, found) || found.message.kind === 'deleted')
    throw new ActionRefused('message_deleted');
  const reaction = reactionSchema.parse({ emoji, at: now });
  conversationParts(current(docs)).reactions.set(reactionKey(messageId, person), reaction);
  return reaction;
}

/** Each message's reactions: message id → person → emoji (the latest epoch's entry counts). */
export function readReactions(docs: ConversationDocs): Map<string, Map<string, string>> {
  const latest = new Map<string, Reaction>();
  for (const doc of docs) {
    if (!doc) continue;
    for (const [key, value] of conversationParts(doc).reactions) {
      const parsed = reactionSchema.safeParse(value);
      if (parsed.success && parseReactionKey(key)) latest.set(key, parsed.data);
    }
  }
  const byMessage = new Map<string, Map<string, string>>();
  for (const [key, { emoji }] of latest) {
    if (emoji === null) continue;
    const { message, person } = parseReactionKey(key)!;
    const people = byMessage.get(message) ?? new Map<string, string>();
    byMessage.set(message, people.set(person, emoji));
  }
  return byMessage;
}

/** When the server received the message (its `at` before receive times existed). */
function sentAt(docs: ConversationDocs, found: ReturnType<typeof target>): number {
  return receivedAt(docs, found) ?? found.message.at;
}

/** Replaces the text of one's own text message (within 15 minutes); the edit is returned. */
export function editMessage(
  docs: readonly Y.Doc[],
  messageId: string,
  by: string,
  text: string,
  now: number,
): Edit {
  const found = target(docs, messageId);
  if (found.message.author !== by) throw new ActionRefused('edit_not_author');
  if (isDeleted(docs, found) || found.message.kind === 'deleted')
    throw new ActionRefused('message_deleted');
  if (found.message.kind !== 'text') throw new ActionRefused('invalid_edit');
  if (now - sentAt(docs, found) > limits.editWindowMs) throw new ActionRefused('edit_too_late');
  const edit = editSchema.parse({ id: messageId, by, text: text.trim(), at: now });
  conversationParts(current(docs)).edits.push([edit]);
  return edit;
}

/**
 * Each message's edits, oldest first (epoch order, then array order): only those by the
 * message's own author count. The last one is the text to show, and the message is "edited".
 */
export function readEdits(docs: ConversationDocs): Map<string, Edit[]> {
  const history = new Map<string, Edit[]>();
  for (const doc of docs) {
    if (!doc) continue;
    for (const value of conversationParts(doc).edits) {
      const parsed = editSchema.safeParse(value);
      if (!parsed.success) continue;
      const found = findMessages(docs, parsed.data.id);
      if (found.length !== 1 || found[0]!.message.author !== parsed.data.by) continue;
      history.set(parsed.data.id, [...(history.get(parsed.data.id) ?? []), parsed.data]);
    }
  }
  return history;
}

/** The text a message shows: its last edit's, or its own. */
export function shownText(message: Message, edits: readonly Edit[] = []): string {
  return edits.at(-1)?.text ?? plainText(message);
}

/** The short snapshot a reply carries of a text (first characters, whole code points). */
export function snapshotOf(text: string): string | undefined {
  const chars = [...text.trim()];
  if (chars.length === 0) return undefined;
  return chars.length <= replySnapshotChars
    ? chars.join('')
    : `${chars.slice(0, replySnapshotChars - 1).join('')}…`;
}

/** Every snapshot the rules accept for a quoted message: of its text or of any edit of it. */
export function acceptedSnapshots(message: Message, edits: readonly Edit[]): Set<string> {
  const texts = [plainText(message), ...edits.map((edit) => edit.text)];
  return new Set(texts.map(snapshotOf).filter((s): s is string => s !== undefined));
}

/** The `reply` field for answering `messageId`: its id, author and a snapshot of its text now. */
export function replyTo(docs: readonly Y.Doc[], messageId: string): Reply {
  const found = target(docs, messageId);
  if (isDeleted(docs, found) || found.message.kind === 'deleted')
    return { id: messageId, author: found.message.author };
  const snapshot = snapshotOf(shownText(found.message, readEdits(docs).get(messageId)));
  return { id: messageId, author: found.message.author, ...(snapshot ? { snapshot } : {}) };
}

/** A text reply in the current epoch (other kinds: pass `{reply: replyTo(…)}` as extras). */
export function appendReply(
  docs: readonly Y.Doc[],
  author: string,
  text: string,
  messageId: string,
  now: number,
) {
  const epoch = readEpoch(docs[0]!);
  const earlier = epoch > 0 && docs[epoch - 1] ? [docs[epoch - 1]!] : [];
  return appendText(current(docs), author, text, now, earlier, { reply: replyTo(docs, messageId) });
}

/** "Delete for everyone" of one's own message (within 48 hours): the tombstone, in the current epoch. */
export function deleteOwnMessage(
  docs: readonly Y.Doc[],
  messageId: string,
  by: string,
  now: number,
): void {
  const found = target(docs, messageId);
  if (found.message.author !== by) throw new ActionRefused('not_author');
  if (now - sentAt(docs, found) > limits.deleteForEveryoneMs)
    throw new ActionRefused('delete_too_late');
  deleteForEveryone(current(docs), messageId, by, now);
}

/** A message's content as a forwarded copy carries it (no id, author, number, time or reply). */
export function forwardContent(message: Message): Record<string, unknown> {
  if (message.kind === 'system' || message.kind === 'deleted')
    throw new ActionRefused('invalid_message');
  if (message.kind === 'template') return { kind: 'text', text: message.fallback }; // the shop's
  const { id: _id, author: _a, n: _n, at: _at, reply: _r, forwarded: _f, ...content } = message;
  return content;
}

/** Checks a forward's chats: at least one, at most 5, each once. */
export function checkForwardTargets(chats: readonly string[]): void {
  const distinct = new Set(chats).size === chats.length;
  if (chats.length === 0 || chats.length > limits.maxForwardChats || !distinct)
    throw new ActionRefused('too_many_forwards');
}

/**
 * Appends a forwarded copy of `message` to one chat (`docs`: that chat's documents, head first),
 * marked `forwarded`. Media must be bound to that chat (docs/protocol.md, Media): pass `content`
 * with the new upload's ids to replace the original's fields.
 */
export function appendForward(
  docs: readonly Y.Doc[],
  author: string,
  message: Message,
  now: number,
  content: Record<string, unknown> = {},
): Message {
  const epoch = readEpoch(docs[0]!);
  const copy = messageSchema.parse({
    ...forwardContent(message),
    ...content,
    id: randomId(),
    author,
    n: nextMessageNumber(
      [current(docs), ...(epoch > 0 && docs[epoch - 1] ? [docs[epoch - 1]!] : [])],
      author,
    ),
    at: now,
    forwarded: true,
  });
  conversationParts(current(docs)).messages.push([copy]);
  return copy;
}
