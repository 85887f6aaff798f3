/**
 * The template message as it lives in a conversation's `messages` array: the template's name and
 * version (old messages keep rendering with the version they named), the parameters, an optional
 * language the business chose, and a plain-text fallback in the business's default language so
 * that nothing is ever unreadable. It shares the common fields of every message (id, author, n,
 * at) with the text message, so it can join `messageSchema`'s union as one more `kind`.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { randomId } from '../ids.ts';
import { nextMessageNumber } from '../docs/message-base.ts';
import { fallbackText } from './render.ts';
import { limits } from '../limits.ts';
import { messageBaseSchema, messageIdSchema } from '../docs/message-base.ts';
import { templateCategorySchema } from './category.ts';
import {
  languageTagSchema,
  parameterNameSchema,
  templateLimits,
  templateNameSchema,
  type Template,
} from './template.ts';

export const templateParamsSchema = z
  .record(parameterNameSchema, z.string().max(templateLimits.parameterValueChars))
  .refine((params) => Object.keys(params).length <= 32, 'At most 32 parameters.');

export const templateMessageSchema = messageBaseSchema
  .extend({
    kind: z.literal('template'),
    template: templateNameSchema,
    version: z.int().positive(),
    /** The template's category, as claimed by the sender; the server checks it (check-message.ts). */
    category: templateCategorySchema,
    language: languageTagSchema.optional(),
    params: templateParamsSchema,
    fallback: z.string().trim().min(1).max(limits.maxMessageChars),
    /** Set when the message was sent as part of a broadcast, for its statistics. */
    broadcast: messageIdSchema.optional(),
  })
  .strict();
export type TemplateMessage = z.infer<typeof templateMessageSchema>;

/** Appends a template message to `doc` (the current epoch), with the template's own fallback. */
export function appendTemplate(
  doc: Y.Doc,
  author: string,
  template: Template,
  params: Record<string, string>,
  now: number,
  options: { earlier?: Y.Doc[]; language?: string; broadcast?: string } = {},
): TemplateMessage {
  const message = templateMessageSchema.parse({
    id: randomId(),
    author,
    n: nextMessageNumber([doc, ...(options.earlier ?? [])], author),
    at: now,
    kind: 'template',
    template: template.name,
    version: template.version,
    category: template.category,
    params,
    fallback: fallbackText(template, params),
    ...(options.language ? { language: options.language } : {}),
    ...(options.broadcast ? { broadcast: options.broadcast } : {}),
  });
  doc.getArray<TemplateMessage>('messages').push([message]);
  return message;
}
