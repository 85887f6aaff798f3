/**
 * The template message as it lives in a conversation's `messages` array: the template's name and
 * version (old messages keep rendering with the version they named), the parameters, an optional
 * language the business chose, and a plain-text fallback in the business's default language so
 * that nothing is ever unreadable. It shares the common fields of every message (id, author, n,
 * at) with the text message, so it can join `messageSchema`'s union as one more `kind`.
 */
import { z } from 'zod';
import { limits } from '../limits.ts';
import { messageBaseSchema, messageIdSchema } from '../docs/message-base.ts';
import { templateCategorySchema } from './category.ts';
import {
  languageTagSchema,
  parameterNameSchema,
  templateLimits,
  templateNameSchema,
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
