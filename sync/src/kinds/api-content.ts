/**
 * The everyday kinds as the Business API takes them (`POST /api/v1/messages`) and as webhooks
 * carry them: a message's own fields without the ones every message has. Media kinds name a
 * media id the business uploaded; a contact comes as vCard 4 text or as a name with phones and
 * emails, which the server writes as vCard 4 (contact-card.ts).
 */
import { z } from 'zod';
import { contactLimits, writeContactCard } from './contact-card.ts';
import {
  audioMessageSchema,
  documentMessageSchema,
  locationMessageSchema,
  videoMessageSchema,
  voiceMessageSchema,
  type EverydayMessage,
} from './schemas.ts';
import type { EverydayContent } from './append.ts';

const common = { id: true, author: true, n: true, at: true, kind: true } as const;

export const contactInputSchema = z.union([
  z.object({ vcard: z.string().max(contactLimits.vcardChars) }).strict(),
  z
    .object({
      name: z.string().trim().min(1).max(contactLimits.nameChars),
      phones: z.array(z.string().trim().min(1).max(32)).max(contactLimits.phones).default([]),
      emails: z.array(z.email().max(254)).max(contactLimits.emails).default([]),
    })
    .strict(),
]);

/** A file Souk fetches for the message (server/src/api/media-url.ts): http(s), no credentials. */
export const fetchUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\//i, 'Not an http(s) URL.');

/** The media kinds that may come by URL: Souk fetches the file and sets media, mime and size. */
export const mediaByUrlKinds = ['voice', 'audio', 'document'] as const;
export type MediaByUrlKind = (typeof mediaByUrlKinds)[number];

const fetchedFields = { media: true, mime: true, size: true } as const;

/** A media kind's fields with either `media` (an uploaded id, with mime and size) or `url`. */
function byIdOrUrl<T extends z.ZodObject>(schema: T) {
  return schema
    .omit(common)
    .partial(fetchedFields)
    .extend({ url: fetchUrlSchema.optional() })
    .superRefine((value: Record<string, unknown>, ctx) => {
      if (value.url === undefined) {
        for (const field of Object.keys(fetchedFields))
          if (value[field] === undefined)
            ctx.addIssue({ code: 'custom', path: [field], message: `Give ${field} (or url).` });
        return;
      }
      for (const field of Object.keys(fetchedFields))
        if (value[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `With url, leave out ${field}: Souk fetches the file and sets it.`,
          });
    });
}

/** One optional key per kind; a request gives exactly one content key (business-api.ts). */
export const apiKindContentShape = {
  location: locationMessageSchema.omit(common).optional(),
  contact: contactInputSchema.optional(),
  voice: byIdOrUrl(voiceMessageSchema).optional(),
  audio: byIdOrUrl(audioMessageSchema).optional(),
  document: byIdOrUrl(documentMessageSchema).optional(),
  video: videoMessageSchema.omit(common).optional(),
};
export type ApiKindKey = keyof typeof apiKindContentShape;
export const apiKindKeys = Object.keys(apiKindContentShape) as ApiKindKey[];

type ApiKindContent = { [K in ApiKindKey]?: z.output<(typeof apiKindContentShape)[K]> };

/** The message content a request asks for, or null when it names no everyday kind. */
export function everydayContentOf(body: ApiKindContent): EverydayContent | null {
  if (body.contact) {
    const c = body.contact;
    const vcard = 'vcard' in c ? c.vcard : writeContactCard(c);
    return { kind: 'contact', vcard };
  }
  for (const key of apiKindKeys) {
    const content = body[key];
    if (content) return { kind: key, ...content } as EverydayContent;
  }
  return null;
}

/** A message's own fields (webhooks carry them under the kind's name, e.g. `location`). */
export function contentOfMessage(message: EverydayMessage): Record<string, unknown> {
  const { id: _id, author: _a, n: _n, at: _at, kind: _k, ...content } = message;
  return content;
}
