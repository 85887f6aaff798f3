/**
 * A business's inbox tools, `inbox:<businessId>`: its private data about its customers' chats
 * (labels, notes) and its own settings (quick replies, greeting and away messages). Only that
 * business reads and writes it; customers never see it. The server reads the settings to send the
 * greeting and away messages when the business's devices are offline.
 *
 * It is a Y.Doc like every other, so the business app keeps it on the device and edits it offline.
 * Why it is shaped so: every root is a map with one key per thing, so two devices editing
 * different things offline never conflict, and the update validator checks each write alone
 * (`checkInboxWrite`):
 *   labels        labelId → {name, color}, or null for a preset label the business removed
 *   chatLabels    `<convId>/<labelId>` → true (a chat carries a label; removing it deletes the key)
 *   notes         convId → text (at most 2,000 characters)
 *   quickReplies  shortcut → text (typed as `/shortcut` in the composer)
 *   settings      `greeting` → {enabled, text}; `away` → {enabled, text, everyHours}
 * The preset labels (New customer … Order complete) exist without being written: a missing key
 * means the preset, so a new business's document is empty.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { limits } from '../limits.ts';
import { randomId } from '../ids.ts';

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

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const chatLabelKey = /^([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})$/;
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

export function inboxParts(doc: Y.Doc) {
  return {
    labels: doc.getMap<unknown>('labels'),
    chatLabels: doc.getMap<unknown>('chatLabels'),
    notes: doc.getMap<unknown>('notes'),
    quickReplies: doc.getMap<unknown>('quickReplies'),
    settings: doc.getMap<unknown>('settings'),
  };
}

type InboxRoot = keyof ReturnType<typeof inboxParts>;
const inboxRoots = new Set<string>(['labels', 'chatLabels', 'notes', 'quickReplies', 'settings']);
export const isInboxRoot = (root: string): root is InboxRoot => inboxRoots.has(root);

/** A new key in a map that already holds `max` keys is refused. */
function tooMany(map: Y.Map<unknown>, key: string, max: number): boolean {
  return !map.has(key) && map.size >= max;
}

const firstIssue = (error: z.ZodError, fallback: string) => error.issues[0]?.message ?? fallback;

/**
 * Checks one map write into the inbox document (`doc` is the server's copy, for the counts);
 * returns null when valid, or the reason. Who writes is the validator rule's business.
 */
export function checkInboxWrite(doc: Y.Doc, root: string, key: string, value: unknown) {
  const parts = inboxParts(doc);
  switch (root) {
    case 'labels': {
      if (!idPattern.test(key)) return 'invalid label id';
      if (tooMany(parts.labels, key, inboxLimits.labels))
        return `at most ${inboxLimits.labels} labels`;
      if (value === null) return null;
      const parsed = labelSchema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, 'invalid label');
    }
    case 'chatLabels':
      if (!chatLabelKey.test(key)) return 'invalid chat label key';
      return value === true ? null : 'a chat label is set to true (remove it to take it off)';
    case 'notes': {
      if (!idPattern.test(key)) return 'invalid conversation id';
      const parsed = noteSchema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, 'invalid note');
    }
    case 'quickReplies': {
      const shortcut = shortcutSchema.safeParse(key);
      if (!shortcut.success) return firstIssue(shortcut.error, 'invalid shortcut');
      if (tooMany(parts.quickReplies, key, inboxLimits.quickReplies))
        return `at most ${inboxLimits.quickReplies} quick replies`;
      const parsed = quickReplyTextSchema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, 'invalid quick reply');
    }
    case 'settings': {
      const schema = key === 'greeting' ? greetingSchema : key === 'away' ? awaySchema : null;
      if (!schema) return `unknown setting ${key}`;
      const parsed = schema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, `invalid ${key}`);
    }
    default:
      return `unknown field ${root}`;
  }
}

// Labels ----------------------------------------------------------------------------------------

export interface Label {
  id: string;
  name: string;
  color: LabelColor;
  /** A preset label whose name the business never changed (apps show it in their language). */
  preset: boolean;
}

/** Every label, presets first (unless removed), then custom ones by name; invalid values skipped. */
export function readLabels(doc: Y.Doc): Label[] {
  const { labels } = inboxParts(doc);
  const presetIds = new Set<string>(presetLabels.map((l) => l.id));
  const result: Label[] = [];
  for (const preset of presetLabels) {
    const stored = labels.get(preset.id);
    if (stored === null) continue;
    const parsed = labelSchema.safeParse(stored);
    result.push(
      parsed.success
        ? { id: preset.id, ...parsed.data, preset: parsed.data.name === preset.name }
        : { ...preset, preset: true },
    );
  }
  const custom: Label[] = [];
  for (const [id, value] of labels.entries()) {
    if (presetIds.has(id) || !idPattern.test(id)) continue;
    const parsed = labelSchema.safeParse(value);
    if (parsed.success) custom.push({ id, ...parsed.data, preset: false });
  }
  custom.sort((a, b) => a.name.localeCompare(b.name));
  return [...result, ...custom];
}

/** Creates (no `id`) or changes a label; returns its id. */
export function saveLabel(doc: Y.Doc, label: LabelValue & { id?: string }): string {
  const value = labelSchema.parse({ name: label.name, color: label.color });
  const id = label.id ?? randomId(12);
  if (!idPattern.test(id)) throw new Error(`invalid label id ${id}`);
  inboxParts(doc).labels.set(id, value);
  return id;
}

/** Removes a label and takes it off every chat. */
export function removeLabel(doc: Y.Doc, id: string): void {
  const { labels, chatLabels } = inboxParts(doc);
  doc.transact(() => {
    if (presetLabels.some((l) => l.id === id)) labels.set(id, null);
    else labels.delete(id);
    for (const key of [...chatLabels.keys()]) {
      if (key.endsWith(`/${id}`)) chatLabels.delete(key);
    }
  });
}

/** Conversation id (`conv:<id>` without the prefix) of a conversation document name. */
export const conversationIdOf = (doc: string): string =>
  doc.replace(/^conv:/, '').replace(/~\d+$/, '');

/** Conversation id → the ids of its labels (only labels that exist). */
export function readChatLabels(doc: Y.Doc): Map<string, string[]> {
  const existing = new Set(readLabels(doc).map((l) => l.id));
  const result = new Map<string, string[]>();
  for (const [key, value] of inboxParts(doc).chatLabels.entries()) {
    const match = chatLabelKey.exec(key);
    if (!match || value !== true || !existing.has(match[2]!)) continue;
    result.set(match[1]!, [...(result.get(match[1]!) ?? []), match[2]!]);
  }
  return result;
}

export function setChatLabel(doc: Y.Doc, convId: string, labelId: string, on: boolean): void {
  const key = `${convId}/${labelId}`;
  if (!chatLabelKey.test(key)) throw new Error(`invalid chat label ${key}`);
  const { chatLabels } = inboxParts(doc);
  if (on) chatLabels.set(key, true);
  else if (chatLabels.has(key)) chatLabels.delete(key);
}

// Notes -----------------------------------------------------------------------------------------

export function readNotes(doc: Y.Doc): Map<string, string> {
  const result = new Map<string, string>();
  for (const [id, value] of inboxParts(doc).notes.entries()) {
    if (typeof value === 'string' && value.length <= inboxLimits.note && value.trim() !== '')
      result.set(id, value);
  }
  return result;
}

/** Writes a chat's note; an empty one removes it. */
export function setNote(doc: Y.Doc, convId: string, text: string): void {
  if (!idPattern.test(convId)) throw new Error(`invalid conversation id ${convId}`);
  const note = noteSchema.parse(text);
  const { notes } = inboxParts(doc);
  if (note.trim() === '') {
    if (notes.has(convId)) notes.delete(convId);
  } else if (notes.get(convId) !== note) notes.set(convId, note);
}

// Quick replies ---------------------------------------------------------------------------------

export interface QuickReply {
  shortcut: string;
  text: string;
}

export const normalizeShortcut = (shortcut: string): string =>
  shortcut.trim().replace(/^\//, '').toLowerCase();

export function readQuickReplies(doc: Y.Doc): QuickReply[] {
  const result: QuickReply[] = [];
  for (const [shortcut, text] of inboxParts(doc).quickReplies.entries()) {
    if (shortcutSchema.safeParse(shortcut).success && quickReplyTextSchema.safeParse(text).success)
      result.push({ shortcut, text: text as string });
  }
  return result.sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}

/** Saves a quick reply; `previous` is its old shortcut when it is renamed. Returns the shortcut. */
export function saveQuickReply(doc: Y.Doc, reply: QuickReply, previous?: string): string {
  const shortcut = shortcutSchema.parse(normalizeShortcut(reply.shortcut));
  const text = quickReplyTextSchema.parse(reply.text);
  const { quickReplies } = inboxParts(doc);
  doc.transact(() => {
    if (previous !== undefined && previous !== shortcut && quickReplies.has(previous))
      quickReplies.delete(previous);
    quickReplies.set(shortcut, text);
  });
  return shortcut;
}

export function removeQuickReply(doc: Y.Doc, shortcut: string): void {
  const { quickReplies } = inboxParts(doc);
  if (quickReplies.has(shortcut)) quickReplies.delete(shortcut);
}

// Greeting and away -----------------------------------------------------------------------------

export interface AutoReplies {
  greeting: Greeting;
  away: Away;
}

export function readAutoReplies(doc: Y.Doc): AutoReplies {
  const { settings } = inboxParts(doc);
  const greeting = greetingSchema.safeParse(settings.get('greeting'));
  const away = awaySchema.safeParse(settings.get('away'));
  return {
    greeting: greeting.success ? greeting.data : greetingDefault,
    away: away.success ? away.data : awayDefault,
  };
}

export function setGreeting(doc: Y.Doc, greeting: Greeting): void {
  inboxParts(doc).settings.set('greeting', greetingSchema.parse(greeting));
}

export function setAway(doc: Y.Doc, away: Away): void {
  inboxParts(doc).settings.set('away', awaySchema.parse(away));
}

export type AutoReplyKind = 'greeting' | 'away';

/**
 * Which automatic messages a customer's message calls for, before the "at most once" claims the
 * server makes: the greeting when the customer makes first contact (`firstContact`: their first
 * message, in a chat the business did not start), the away message when the business is closed
 * (`open` false; null when the profile states no hours, so it is never "away").
 */
export function autoRepliesDue(
  settings: AutoReplies,
  { firstContact, open }: { firstContact: boolean; open: boolean | null },
): Array<{ kind: AutoReplyKind; text: string }> {
  const due: Array<{ kind: AutoReplyKind; text: string }> = [];
  const { greeting, away } = settings;
  if (greeting.enabled && greeting.text.trim() && firstContact)
    due.push({ kind: 'greeting', text: greeting.text.trim() });
  if (away.enabled && away.text.trim() && open === false)
    due.push({ kind: 'away', text: away.text.trim() });
  return due;
}
