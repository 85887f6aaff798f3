/**
 * The messages an incoming conversation update carries, found without applying it: every value
 * of the update's inserted items that has the shape of a message. The consent gate runs before
 * the validator places each item, so it judges every message-shaped value (a value placed
 * anywhere else would be refused by the validator anyway); a malformed update yields none here
 * and is refused by the validator.
 */
import * as Y from 'yjs';
import { editSchema, messageSchema, reactionSchema, type Message } from '@souk/sync';

export function messagesIn(update: Uint8Array): Message[] {
  let structs: unknown[];
  try {
    ({ structs } = Y.decodeUpdate(update) as { structs: unknown[] });
  } catch {
    return [];
  }
  const found: Message[] = [];
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    for (const value of struct.content.getContent()) {
      const parsed = messageSchema.safeParse(value);
      if (parsed.success) found.push(parsed.data);
    }
  }
  return found;
}

/**
 * How many reactions set (not removed) and edits by `author` an update carries, found by shape
 * like its messages: a business's reactions and edits follow the window rules of its messages.
 */
export function actionsIn(update: Uint8Array, author: string): number {
  let structs: unknown[];
  try {
    ({ structs } = Y.decodeUpdate(update) as { structs: unknown[] });
  } catch {
    return 0;
  }
  let count = 0;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    for (const value of struct.content.getContent()) {
      const reaction = reactionSchema.safeParse(value);
      if (reaction.success && reaction.data.emoji !== null) count++;
      else if (editSchema.safeParse(value).data?.by === author) count++;
    }
  }
  return count;
}

/** The server's receive times (`received`, message id → ms) an update records. */
export function receiveTimesIn(update: Uint8Array): Map<string, number> {
  const times = new Map<string, number>();
  let structs: unknown[];
  try {
    ({ structs } = Y.decodeUpdate(update) as { structs: unknown[] });
  } catch {
    return times;
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    // Receive times are set by key with no neighbour, so the update names their map.
    if ((struct.parent as unknown) !== 'received' || struct.parentSub === null) continue;
    const [time] = struct.content.getContent();
    if (typeof time === 'number') times.set(struct.parentSub, time);
  }
  return times;
}
