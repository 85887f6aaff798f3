/**
 * The everyday message kinds beyond text, photos and templates (issue 16): voice note, audio file,
 * document, video, location and contact card. Each is one strict zod object joined to the
 * conversation's `messageSchema` union by its `kind`, so the update validator type-checks and
 * bounds every field of every kind in one place (a failing field is `invalid_message` with the
 * field's path). Media kinds carry opaque media ids (media-ref.ts), never URLs or bytes.
 */
import { z } from 'zod';
import { messageBaseSchema } from '../docs/message-base.ts';
import { readContactCard, contactLimits } from './contact-card.ts';
import {
  byteSizeSchema,
  captionSchema,
  durationSchema,
  fileNameSchema,
  mediaIdSchema,
  mediaKindLimits as m,
  mimeSchema,
} from './media-ref.ts';

export const voiceMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('voice'),
    media: mediaIdSchema,
    mime: mimeSchema('audio'),
    size: byteSizeSchema(m.voiceBytes),
    durationMs: durationSchema(m.voiceMs),
    /** Loudness samples (0–255) drawn as the note's waveform. */
    waveform: z.array(z.int().min(0).max(255)).max(m.waveformSamples),
  })
  .strict();
export type VoiceMessage = z.infer<typeof voiceMessageSchema>;

export const audioMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('audio'),
    media: mediaIdSchema,
    mime: mimeSchema('audio'),
    size: byteSizeSchema(m.audioBytes),
    name: fileNameSchema,
    durationMs: durationSchema(m.mediaMs).optional(),
  })
  .strict();
export type AudioMessage = z.infer<typeof audioMessageSchema>;

export const documentMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('document'),
    media: mediaIdSchema,
    mime: mimeSchema(),
    size: byteSizeSchema(m.documentBytes),
    name: fileNameSchema,
    /** A PDF's page count and first-page preview, rendered on the sender's device. */
    pages: z.int().positive().max(m.pages).optional(),
    preview: mediaIdSchema.optional(),
    caption: captionSchema.optional(),
  })
  .strict();
export type DocumentMessage = z.infer<typeof documentMessageSchema>;

export const videoMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('video'),
    media: mediaIdSchema,
    mime: mimeSchema('video'),
    size: byteSizeSchema(m.videoBytes),
    poster: mediaIdSchema,
    durationMs: durationSchema(m.mediaMs),
    width: z.int().positive().max(m.pixels).optional(),
    height: z.int().positive().max(m.pixels).optional(),
    caption: captionSchema.optional(),
  })
  .strict();
export type VideoMessage = z.infer<typeof videoMessageSchema>;

export const locationLimits = { nameChars: 100, addressChars: 256 } as const;

export const locationMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('location'),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    name: z.string().trim().min(1).max(locationLimits.nameChars).optional(),
    address: z.string().trim().min(1).max(locationLimits.addressChars).optional(),
  })
  .strict();
export type LocationMessage = z.infer<typeof locationMessageSchema>;

export const contactMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('contact'),
    /** vCard 4 text under Souk's strict subset (contact-card.ts). */
    vcard: z
      .string()
      .max(contactLimits.vcardChars)
      .superRefine((text, ctx) => {
        const read = readContactCard(text);
        if (!read.ok) ctx.addIssue({ code: 'custom', message: read.issue });
      }),
  })
  .strict();
export type ContactMessage = z.infer<typeof contactMessageSchema>;

/** The kinds this module adds, in the order the apps list them. */
export const everydayKindSchemas = [
  voiceMessageSchema,
  audioMessageSchema,
  documentMessageSchema,
  videoMessageSchema,
  locationMessageSchema,
  contactMessageSchema,
] as const;
export type EverydayMessage = z.infer<(typeof everydayKindSchemas)[number]>;
export type EverydayKind = EverydayMessage['kind'];
export const everydayKinds = [
  'voice',
  'audio',
  'document',
  'video',
  'location',
  'contact',
] as const satisfies readonly EverydayKind[];

export function isEverydayMessage<M extends { kind: string }>(
  message: M,
): message is Extract<M, { kind: EverydayKind }> {
  return (everydayKinds as readonly string[]).includes(message.kind);
}
