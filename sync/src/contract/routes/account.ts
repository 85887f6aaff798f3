/** Signing in, the signed-in identity and its devices, starting chats, and the current terms. */
import { z } from 'zod';
import {
  outboxEntrySchema,
  requestCodeSchema,
  sessionInfoSchema,
  startChatResultSchema,
  startChatSchema,
  verifyCodeSchema,
} from '../../api.ts';
import { chatImageUpload, currentTermsSchema } from '../../business/platform-api.ts';
import { imageMessageSchema } from '../../docs/image-message.ts';
import { route } from '../route.ts';
import { meSchema, sessionRoutes } from './session.ts';

export const accountRoutes = {
  requestCode: route({
    method: 'POST',
    path: '/auth/code',
    body: requestCodeSchema,
    response: z.object({ sent: z.boolean() }),
  }),
  verifyCode: route({
    method: 'POST',
    path: '/auth/verify',
    body: verifyCodeSchema,
    response: meSchema,
  }),
  signOut: sessionRoutes.signOut,
  me: sessionRoutes.me,
  sessions: route({ method: 'GET', path: '/sessions', response: z.array(sessionInfoSchema) }),
  revokeSession: route({
    method: 'DELETE',
    path: '/sessions/:id',
    response: z.object({ revoked: z.boolean() }),
  }),
  startChat: route({
    method: 'POST',
    path: '/chats',
    body: startChatSchema,
    response: startChatResultSchema,
  }),
  currentTerms: route({ method: 'GET', path: '/terms', response: currentTermsSchema }),
  /**
   * The body is the photo itself (JPEG, PNG or WebP, at most 10 MB), not JSON. `chat`: the
   * conversation's id — the photo is then private to its members (only they may upload it);
   * without it the image is public (a template's header image).
   */
  uploadChatImage: route({
    method: 'POST',
    path: '/media/images',
    upload: chatImageUpload,
    query: z
      .object({
        chat: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional(),
      })
      .strict(),
    response: imageMessageSchema.pick({ url: true, thumb: true, width: true, height: true }),
    status: 201,
  }),
};

/**
 * The development sender's latest codes (newest first), for the person at the keyboard of the
 * machine Souk runs on and for local tests: the server answers only loopback requests that carry
 * no forwarding headers (server/src/http/dev-outbox-route.ts), and only when the outbox is on.
 */
export const devRoutes = {
  outbox: route({
    method: 'GET',
    path: '/dev/outbox',
    query: z.object({ phone: z.string().max(64).optional() }).strict(),
    response: z.array(outboxEntrySchema),
  }),
};
