/**
 * A message's own routes (issue 17): its info — the server's times of each state, for its author
 * only — and sharing a chat upload into another chat, so a forwarded copy may name it there.
 */
import { z } from 'zod';
import { mediaIdSchema } from '../../kinds/media-ref.ts';
import { route } from '../route.ts';

const chatId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const messageId = z.string().min(1).max(64);
const time = z.int().nonnegative().nullable();

export const messageInfoSchema = z
  .object({
    id: messageId,
    /** When the server stored it (its receive time), null when it has none (not stored yet). */
    sentAt: time,
    /** Each other participant: when the server first saw their receipt reach the message. */
    recipients: z.array(z.object({ id: z.string(), deliveredAt: time, readAt: time }).strict()),
  })
  .strict();
export type MessageInfo = z.infer<typeof messageInfoSchema>;

export const messageRoutes = {
  /**
   * `chat`: the conversation id; `id`: the message id. Refused `not_readable` (403) to someone
   * outside the chat, `no_such_message` (404) for an id the chat does not hold (another chat's
   * message too), `not_author` (403) for a message of someone else.
   */
  messageInfo: route({
    method: 'GET',
    path: '/chats/:chat/messages/:id/info',
    response: messageInfoSchema,
  }),
  /**
   * Binds a chat upload (`id`) to another chat the caller is in, for a forwarded copy naming it
   * (the validator refuses media of another chat, `foreign_media`). Refused `not_a_member` (403)
   * for a chat the caller is not in, `foreign_media` (403) for media the caller cannot see.
   */
  shareMedia: route({
    method: 'POST',
    path: '/media/:id/chats',
    body: z.object({ chat: chatId }).strict(),
    response: z.object({ media: mediaIdSchema }).strict(),
  }),
};
