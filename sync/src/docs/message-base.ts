/** The fields every message in a conversation has, whatever its kind. */
import type * as Y from 'yjs';
import { z } from 'zod';

export const messageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** Characters of a quoted message a reply carries (shown when the original is far away). */
export const replySnapshotChars = 100;

/**
 * A reply names the quoted message of the same conversation (`id`, its `author`) and may carry a
 * short snapshot of its text: the validator checks all three against the quoted message.
 */
export const replySchema = z
  .object({
    id: messageIdSchema,
    author: z.string().min(1).max(64),
    snapshot: z.string().min(1).max(replySnapshotChars).optional(),
  })
  .strict();
export type Reply = z.infer<typeof replySchema>;

export const messageBaseSchema = z.object({
  id: messageIdSchema,
  author: z.string().min(1).max(64),
  /** The author's own running number, for receipts as watermarks. */
  n: z.int().positive(),
  at: z.int().nonnegative(),
  reply: replySchema.optional(),
  /** A copy of a message from another chat (it names nothing of that chat). */
  forwarded: z.literal(true).optional(),
});

/** One more than the highest `n` of this author in these documents (the current epoch and the one before). */
export function nextMessageNumber(docs: Y.Doc | Y.Doc[], author: string): number {
  let max = 0;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    for (const message of doc.getArray<{ author?: unknown; n?: unknown }>('messages')) {
      if (message.author === author && typeof message.n === 'number' && message.n > max)
        max = message.n;
    }
  }
  return max + 1;
}

/**
 * What "delete for everyone" leaves of a message: the server replaces the message with this stub
 * (same id, author, number and time; `deleted`: when) in its own epoch document, so its content
 * and media are gone from the stored document, not only hidden. Written by the platform only.
 */
export const deletedMessageSchema = z
  .object({
    id: messageIdSchema,
    author: z.string().min(1).max(64),
    n: z.int().positive(),
    at: z.int().nonnegative(),
    kind: z.literal('deleted'),
    deleted: z.int().nonnegative(),
  })
  .strict();
export type DeletedMessage = z.infer<typeof deletedMessageSchema>;

/** What a new message may carry besides its content: the message it answers, a forward mark. */
export interface MessageExtras {
  reply?: Reply;
  forwarded?: true;
}
