/**
 * The conversation's participants and its image message, apart from the rest of conversation.ts:
 * the HTTP routes need only these, and the apps' first screens call those routes, so they need not
 * load every message kind's schema (and the vCard parser behind contact cards) to draw.
 */
import { z } from 'zod';
import { messageBaseSchema } from './message-base.ts';

export const participantSchema = z
  .object({
    id: z.string().min(1).max(64),
    kind: z.enum(['person', 'business']),
    phone: z.string().max(20).optional(),
    name: z.string().max(64).optional(),
  })
  .strict();
export type Participant = z.infer<typeof participantSchema>;

/** Where an uploaded image is served: content-addressed, so a URL never changes meaning. */
export const mediaUrlSchema = z
  .string()
  .regex(/^\/media\/[A-Za-z0-9_-]{8,64}\.webp$/, 'An image must be uploaded to Souk first.');

export const imageMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('image'),
    url: mediaUrlSchema,
    thumb: mediaUrlSchema,
    width: z.int().positive().max(10_000),
    height: z.int().positive().max(10_000),
    caption: z.string().trim().max(1024).optional(),
  })
  .strict();
export type ImageMessage = z.infer<typeof imageMessageSchema>;
