/** Signing in, the signed-in identity and its devices, starting chats, and the current terms. */
import { z } from 'zod';
import {
  meSchema,
  requestCodeSchema,
  sessionInfoSchema,
  startChatResultSchema,
  startChatSchema,
  verifyCodeSchema,
} from '../../api.ts';
import { currentTermsSchema } from '../../business/platform-api.ts';
import { imageMessageSchema } from '../../docs/conversation.ts';
import { route } from '../route.ts';

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
  signOut: route({
    method: 'POST',
    path: '/auth/sign-out',
    response: z.object({ signedOut: z.boolean() }),
  }),
  me: route({ method: 'GET', path: '/me', response: meSchema }),
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
  /** The body is the photo itself (JPEG, PNG or WebP, at most 10 MB), not JSON. */
  uploadChatImage: route({
    method: 'POST',
    path: '/media/images',
    response: imageMessageSchema.pick({ url: true, thumb: true, width: true, height: true }),
    status: 201,
  }),
};
