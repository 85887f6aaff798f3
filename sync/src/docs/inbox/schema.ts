/** The inbox document's name, label colours and presets, limits, and the value schemas. */
import { z } from 'zod';
import { limits } from '../../limits.ts';

export const inboxDocName = (businessId: string): string => `inbox:${businessId}`;

/** Label colours: each one carries white text at a contrast of at least 6:1 (WCAG AA). */
export const labelColors = {
  blue: '#1d5fa8',
  green: '#17703a',
  teal: '#0f6b73',
  amber: '#8a5300',
  orange: '#a84300',
  red: '#b3261e',
  pink: '#a3236b',
  purple: '#6b3fa0',
  indigo: '#3949ab',
  gray: '#4f5b62',
} as const;
export type LabelColor = keyof typeof labelColors;
export const labelColorNames = Object.keys(labelColors) as LabelColor[];

export const presetLabels = [
  { id: 'new-customer', name: 'New customer', color: 'blue' },
  { id: 'new-order', name: 'New order', color: 'amber' },
  { id: 'pending-payment', name: 'Pending payment', color: 'orange' },
  { id: 'paid', name: 'Paid', color: 'green' },
  { id: 'order-complete', name: 'Order complete', color: 'teal' },
] as const satisfies ReadonlyArray<{ id: string; name: string; color: LabelColor }>;
export type PresetLabelId = (typeof presetLabels)[number]['id'];

export const inboxLimits = {
  labels: 50,
  labelName: 30,
  note: 2000,
  quickReplies: 100,
  shortcut: 24,
  autoReply: 1000,
  maxEveryHours: 168,
} as const;

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

export const greetingDefault: Greeting = { enabled: false, text: '' };
export const awayDefault: Away = { enabled: false, text: '', everyHours: 24 };
