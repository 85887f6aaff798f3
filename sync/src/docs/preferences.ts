/**
 * The person's private preferences document, `prefs:<personId>`, written by its owner only
 * (offline too; the changes sync on reconnect) and read by the server to apply the consent rules.
 *
 * One map, `prefs`, with one key per choice, so two devices changing different choices offline
 * never conflict and the CRDT validator checks each write on its own:
 *   businessMessages       boolean  the master switch (default on)
 *   readReceipts           boolean  send read receipts (default on)
 *   lastSeen               boolean  show my last seen; off also hides everyone's from me (default on)
 *   optIn:<businessId>     boolean  receive this business's updates (default off: no opt-in)
 *   blocked:<businessId>   boolean  blocked this business (default off)
 *   blockedPerson:<id>     boolean  blocked this person (default off; read with readBlockedPeople)
 *   hidden:<conv>/<msg>    boolean  "delete for me": this message is hidden on my devices
 *   mute:, pin:, archived:, unread:<conversationId>   the chat controls (chat-controls.ts)
 *   contact:<personId>     string   the name this person saved for a contact (contact-names.ts)
 * A missing key means the default, so a new person's document is empty.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { chatControlSchemaFor } from './chat-controls.ts';
import { contactNameSchemaFor } from './contact-names.ts';

const businessIdPattern = '[A-Za-z0-9_-]{1,64}';
const perBusinessKey = new RegExp(`^(optIn|blocked):(${businessIdPattern})$`);
const perPersonKey = new RegExp(`^blockedPerson:(${businessIdPattern})$`);
const businessIdOnly = new RegExp(`^${businessIdPattern}$`);
const hiddenKeyPattern = /^hidden:([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{8,64})$/;

export const preferenceDefaults = {
  businessMessages: true,
  readReceipts: true,
  lastSeen: true,
} as const;

/** The on/off choices of the person (Settings), each under its own key. */
const switches = ['businessMessages', 'readReceipts', 'lastSeen'] as const;
export type PreferenceSwitch = (typeof switches)[number];
const isSwitch = (key: string): key is PreferenceSwitch =>
  (switches as readonly string[]).includes(key);

/** Every key holds a boolean; the key itself is what must be checked. */
export const preferenceValueSchema = z.boolean({ error: 'A preference is on or off (a boolean).' });

/** The schema for the value under `key`, or null when the key is not a preference. */
export function preferenceSchemaFor(key: string): z.ZodType | null {
  return isSwitch(key) ||
    perBusinessKey.test(key) ||
    perPersonKey.test(key) ||
    hiddenKeyPattern.test(key)
    ? preferenceValueSchema
    : (chatControlSchemaFor(key) ?? contactNameSchemaFor(key));
}

/** Checks one map write; returns null when valid, or the reason. */
export function checkPreferenceField(key: string, value: unknown): string | null {
  const schema = preferenceSchemaFor(key);
  if (!schema) return `unknown preference ${key}`;
  const checked = schema.safeParse(value);
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'Invalid preference.');
}

export const preferencesSchema = z
  .object({
    businessMessages: z.boolean(),
    readReceipts: z.boolean(),
    lastSeen: z.boolean(),
    optIn: z.record(z.string(), z.boolean()),
    blocked: z.record(z.string(), z.boolean()),
  })
  .strict();
export type Preferences = z.infer<typeof preferencesSchema>;

export function preferencesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('prefs');
}

/** Reads every choice, with defaults for missing keys; invalid values count as missing. */
export function readPreferences(doc: Y.Doc): Preferences {
  const prefs: Preferences = { ...preferenceDefaults, optIn: {}, blocked: {} };
  for (const [key, value] of preferencesMap(doc).entries()) {
    if (typeof value !== 'boolean') continue;
    if (isSwitch(key)) prefs[key] = value;
    const match = perBusinessKey.exec(key);
    if (match) prefs[match[1] as 'optIn' | 'blocked'][match[2]!] = value;
  }
  return prefs;
}

/** The people this person blocked (id → true; an unblocked person may stay as false). */
export function readBlockedPeople(doc: Y.Doc): Record<string, boolean> {
  const blocked: Record<string, boolean> = {};
  for (const [key, value] of preferencesMap(doc).entries()) {
    const match = perPersonKey.exec(key);
    if (match && typeof value === 'boolean') blocked[match[1]!] = value;
  }
  return blocked;
}

/** What the delivery rules need to know about one business. */
export function preferencesFor(prefs: Preferences, businessId: string) {
  return {
    businessMessages: prefs.businessMessages,
    optedIn: prefs.optIn[businessId] === true,
    blocked: prefs.blocked[businessId] === true,
  };
}

function checkBusinessId(businessId: string): void {
  if (!businessIdOnly.test(businessId)) throw new Error(`invalid business id ${businessId}`);
}

export function setBusinessMessages(doc: Y.Doc, value: boolean): void {
  preferencesMap(doc).set('businessMessages', value);
}

export function setReadReceipts(doc: Y.Doc, value: boolean): void {
  preferencesMap(doc).set('readReceipts', value);
}

/** Sets one of the person's on/off choices. */
export function setSwitch(doc: Y.Doc, choice: PreferenceSwitch, value: boolean): void {
  preferencesMap(doc).set(choice, value);
}

/** Whether the person shows their last seen (and so sees others'). */
export function readLastSeenShown(doc: Y.Doc): boolean {
  return preferencesMap(doc).get('lastSeen') !== false;
}

export function setOptIn(doc: Y.Doc, businessId: string, value: boolean): void {
  checkBusinessId(businessId);
  preferencesMap(doc).set(`optIn:${businessId}`, value);
}

export function setBlocked(doc: Y.Doc, businessId: string, value: boolean): void {
  checkBusinessId(businessId);
  preferencesMap(doc).set(`blocked:${businessId}`, value);
}

export function setBlockedPerson(doc: Y.Doc, personId: string, value: boolean): void {
  // Person and business ids share one shape.
  if (!businessIdOnly.test(personId)) throw new Error(`invalid person id ${personId}`);
  preferencesMap(doc).set(`blockedPerson:${personId}`, value);
}

/** The preference key of "delete for me" (conversation id, as in `conv:<id>`, and message id). */
export function hiddenKey(conversationId: string, messageId: string): string {
  const key = `hidden:${conversationId}/${messageId}`;
  if (!hiddenKeyPattern.test(key))
    throw new Error(`invalid message ${conversationId}/${messageId}`);
  return key;
}

/** "Delete for me": hides a message on this person's own devices (their preferences sync). */
export function deleteForMe(doc: Y.Doc, conversationId: string, messageId: string): void {
  preferencesMap(doc).set(hiddenKey(conversationId, messageId), true);
}

/** The ids of the messages of one conversation this person deleted for themselves. */
export function readHidden(doc: Y.Doc, conversationId: string): Set<string> {
  const hidden = new Set<string>();
  for (const [key, value] of preferencesMap(doc).entries()) {
    const match = hiddenKeyPattern.exec(key);
    if (match && match[1] === conversationId && value === true) hidden.add(match[2]!);
  }
  return hidden;
}
