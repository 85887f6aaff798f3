/**
 * Resumable uploads (tus 1.0, https://tus.io/protocols/resumable-upload): a device creates an
 * upload at `uploadsPath` (outside `/api`: the tus protocol owns those requests), naming in
 * `Upload-Metadata` the chat (`chat`: the conversation id), the `kind` and the file's `filename`
 * and `filetype`, and `Upload-Length` up front (no deferred length: the size limit of the kind is
 * checked before a byte is stored). Once the last byte is in, the server checks and stores the
 * file as media private to the chat, and `uploadResult` tells what to put in the message.
 */
import { z } from 'zod';
import { imageMessageSchema } from '../../docs/image-message.ts';
import { route } from '../route.ts';

export const uploadsPath = '/uploads';

/** What is uploaded decides the size limit and how the file is checked and stored. */
export const uploadKinds = ['photo', 'voice', 'audio', 'video', 'document'] as const;
export type UploadKind = (typeof uploadKinds)[number];

export const uploadResultSchema = z.discriminatedUnion('kind', [
  /** A photo: re-encoded without metadata, with a thumbnail (as `POST /api/media/images`). */
  imageMessageSchema
    .pick({ url: true, thumb: true, width: true, height: true })
    .extend({ kind: z.literal('photo') }),
  /** Any other file: stored as uploaded; `media` is the id a message names, `mime` sniffed. */
  z.object({
    kind: z.enum(['voice', 'audio', 'video', 'document']),
    media: z.string(),
    mime: z.string(),
    size: z.int().nonnegative(),
  }),
]);
export type UploadResult = z.infer<typeof uploadResultSchema>;

export const uploadRoutes = {
  /** A finished upload of one's own: what to put in the message. 404 until it is finished. */
  uploadResult: route({
    method: 'GET',
    path: '/uploads/:id',
    response: uploadResultSchema,
  }),
};
