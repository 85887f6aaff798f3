/**
 * Which messages a conversation document, or a write into one, names — everywhere the rules look
 * for a message across epochs (chat-rules.ts, validator/message-rules.ts and action-rules.ts): a
 * message's own id and the one it replies to, a tombstone's key, a receive time's, a reaction's
 * (`<message>/<person>`) and an edit's id. The server keeps these per epoch
 * (server/src/sync/epoch-index.ts), so that accepting a write loads only the epochs that name
 * what the write names. Naming more is harmless (an epoch loads for nothing); naming less is not.
 */
import type * as Y from 'yjs';
import { conversationParts } from './conversation.ts';
import { messageIdSchema } from './message-base.ts';

const isId = (x: unknown): x is string =>
  typeof x === 'string' && messageIdSchema.safeParse(x).success;

/** Adds the message ids one entry names: its key's parts, its value's `id` and `reply.id`. */
function addNamed(ids: Set<string>, key: string | null, value: unknown): void {
  if (key !== null) for (const part of key.split('/')) if (isId(part)) ids.add(part);
  if (typeof value !== 'object' || value === null) return;
  const { id, reply } = value as { id?: unknown; reply?: unknown };
  if (isId(id)) ids.add(id);
  const quoted =
    typeof reply === 'object' && reply !== null ? (reply as { id?: unknown }).id : null;
  if (isId(quoted)) ids.add(quoted);
}

/** The message ids writes into a conversation document name (see validator `writesOf`). */
export function namedByWrites(
  writes: ReadonlyArray<{ key: string | null; value: unknown }>,
): string[] {
  const ids = new Set<string>();
  for (const { key, value } of writes) addNamed(ids, key, value);
  return [...ids];
}

/** The message ids a conversation document (head or epoch) names. */
export function namedInDoc(doc: Y.Doc): Set<string> {
  const parts = conversationParts(doc);
  const ids = new Set<string>();
  for (const list of [parts.messages, parts.edits] as Array<Y.Array<unknown>>)
    for (const value of list) addNamed(ids, null, value);
  for (const map of [parts.deleted, parts.received, parts.reactions] as Array<Y.Map<unknown>>)
    for (const [key, value] of map) addNamed(ids, key, value);
  return ids;
}
