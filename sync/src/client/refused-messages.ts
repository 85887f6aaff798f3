/**
 * What a refusal means for a conversation's messages: which of the device's own messages the
 * server does not have (they leave the document with the rollback and go to the app's unsent
 * list), and how one is sent again — as a new message with a new id and number, since the
 * refused id was never stored and may not be reused in a way the validator would question.
 */
import type * as Y from 'yjs';
import {
  conversationParts,
  messageSchema,
  readMessageEntries,
  type Message,
} from '../docs/conversation.ts';
import { nextMessageNumber } from '../docs/message-base.ts';
import { randomId } from '../ids.ts';

/** The author's messages in `doc` that `serverState` does not cover, in document order. */
export function refusedMessages(
  doc: Y.Doc,
  serverState: Map<number, number>,
  author: string,
): Message[] {
  return readMessageEntries(doc)
    .filter((entry) => entry.message.author === author)
    .filter((entry) => (serverState.get(entry.client) ?? 0) <= entry.clock)
    .map((entry) => entry.message);
}

/** Appends `message` again as a new one (new id, number and time) to `doc`, the current epoch. */
export function appendAgain(
  doc: Y.Doc,
  message: Message,
  now: number,
  earlier: Y.Doc[] = [],
): Message {
  const again = messageSchema.parse({
    ...message,
    id: randomId(),
    n: nextMessageNumber([doc, ...earlier], message.author),
    at: now,
  });
  conversationParts(doc).messages.push([again]);
  return again;
}
