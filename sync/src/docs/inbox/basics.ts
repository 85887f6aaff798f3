/**
 * The inbox document's name, label colours and presets, limits and defaults, without its zod
 * schemas (schema.ts): what the business app's first screen needs before any document is read.
 */
import type { Away, Greeting } from './schema.ts';

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

/** Conversation id (`conv:<id>` without the prefix) of a conversation document name. */
export const conversationIdOf = (doc: string): string =>
  doc.replace(/^conv:/, '').replace(/~\d+$/, '');

export const greetingDefault: Greeting = { enabled: false, text: '' };
export const awayDefault: Away = { enabled: false, text: '', everyHours: 24 };
