/** The inbox document's value schemas (its name, colours, presets and limits: basics.ts). */
import { z } from 'zod';
import { limits } from '../../limits.ts';
import { inboxLimits, labelColorNames } from './basics.ts';

const shortcutPattern = new RegExp(`^[\\p{L}\\p{N}_-]{1,${inboxLimits.shortcut}}$`, 'u');

export const labelSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'A label needs a name.')
      .max(inboxLimits.labelName, `A label name has at most ${inboxLimits.labelName} characters.`)
      .refine((name) => !/\p{Cc}/u.test(name), 'A label name is one line of text.'),
    color: z.enum(labelColorNames, { error: 'Choose one of the label colours.' }),
  })
  .strict();
export type LabelValue = z.infer<typeof labelSchema>;

export const noteSchema = z
  .string()
  .max(inboxLimits.note, `A note has at most ${inboxLimits.note} characters.`);

export const shortcutSchema = z
  .string()
  .regex(shortcutPattern, 'A shortcut is one word of letters, digits, - or _ (at most 24).');

export const quickReplyTextSchema = z
  .string()
  .trim()
  .min(1, 'A quick reply needs a text.')
  .max(limits.maxMessageChars);

const autoReplyText = z
  .string()
  .max(inboxLimits.autoReply, `At most ${inboxLimits.autoReply} characters.`);
const needsText = (value: { enabled: boolean; text: string }) =>
  !value.enabled || value.text.trim().length > 0;

export const greetingSchema = z
  .object({ enabled: z.boolean(), text: autoReplyText })
  .strict()
  .refine(needsText, 'Write the message before turning it on.');
export type Greeting = z.infer<typeof greetingSchema>;

export const awaySchema = z
  .object({
    enabled: z.boolean(),
    text: autoReplyText,
    everyHours: z.int().min(1).max(inboxLimits.maxEveryHours),
  })
  .strict()
  .refine(needsText, 'Write the message before turning it on.');
export type Away = z.infer<typeof awaySchema>;
