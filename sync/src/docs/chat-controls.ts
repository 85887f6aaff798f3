/**
 * A person's everyday controls over their chats, kept in their preferences document
 * (`prefs:<personId>`, see preferences.ts), one key per chat and control, so they work offline,
 * reach every device of theirs, and two devices changing different chats never conflict:
 *   mute:<conversationId>      'always', or until when (ms)
 *   pin:<conversationId>       when pinned (ms): the chat list shows pinned chats first, newest
 *                              pin first; at most `maxPinned` (the validator refuses a fourth)
 *   archived:<conversationId>  when archived (ms): a message after that brings the chat back,
 *                              unless it is muted
 *   unread:<conversationId>    true: marked unread by hand, until opened
 * Undoing a control removes its key.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { isMuted, maxPinned, type ChatControls } from './chat-order.ts';

export * from './chat-order.ts';

/** The preferences document's one map (preferences.ts names it too; imported there, not here). */
const preferencesMap = (doc: Y.Doc) => doc.getMap<unknown>('prefs');

const conversationId = '[A-Za-z0-9_-]{1,64}';
const controlKey = new RegExp(`^(mute|pin|archived|unread):(${conversationId})$`);

const moment = z.number().int().positive();
const controlSchemas = {
  mute: z.union([z.literal('always'), moment], { error: "Muted until a time, or 'always'." }),
  pin: z.number({ error: 'When it was pinned (ms).' }).int().positive(),
  archived: z.number({ error: 'When it was archived (ms).' }).int().positive(),
  unread: z.literal(true, { error: 'Marked unread is true (unmarking removes it).' }),
};
type Control = keyof typeof controlSchemas;

/** The control a preference key holds (and its chat), or null when it is not a chat control. */
export function parseControlKey(key: string): { control: Control; chat: string } | null {
  const match = controlKey.exec(key);
  return match ? { control: match[1] as Control, chat: match[2]! } : null;
}

/** The schema for a chat control's value under `key`, or null when it is not one. */
export function chatControlSchemaFor(key: string): z.ZodType | null {
  const parsed = parseControlKey(key);
  return parsed ? controlSchemas[parsed.control] : null;
}

/** Whether these pin keys (each counted once) pin more chats than allowed. */
export function pinsOver(pinKeys: Iterable<string>): boolean {
  return new Set(pinKeys).size > maxPinned;
}

/** Every chat's controls, by conversation id (`conv:<id>` without the prefix); bad values skipped. */
export function readChatControls(doc: Y.Doc): Map<string, ChatControls> {
  const controls = new Map<string, ChatControls>();
  for (const [key, value] of preferencesMap(doc).entries()) {
    const parsed = parseControlKey(key);
    if (!parsed || !controlSchemas[parsed.control].safeParse(value).success) continue;
    const chat = controls.get(parsed.chat) ?? {};
    if (parsed.control === 'mute') chat.mutedUntil = value as number | 'always';
    if (parsed.control === 'pin') chat.pinnedAt = value as number;
    if (parsed.control === 'archived') chat.archivedAt = value as number;
    if (parsed.control === 'unread') chat.markedUnread = true;
    controls.set(parsed.chat, chat);
  }
  return controls;
}

/** Whether the person whose preferences these are has muted the chat `chat` at `now`. */
export function mutedIn(prefs: Y.Doc, chat: string, now: number): boolean {
  return isMuted(readChatControls(prefs).get(chat), now);
}

const key = (control: Control, chat: string) => {
  const name = `${control}:${chat}`;
  if (!controlKey.test(name)) throw new Error(`invalid conversation id ${chat}`);
  return name;
};

/** `until`: a time (8 hours, a week from now), or 'always'; null unmutes. */
export function setMute(doc: Y.Doc, chat: string, until: number | 'always' | null): void {
  if (until === null) preferencesMap(doc).delete(key('mute', chat));
  else preferencesMap(doc).set(key('mute', chat), until);
}

/** Pins (at `now`) or unpins; false when `maxPinned` chats are pinned already. */
export function setPinned(doc: Y.Doc, chat: string, pinned: boolean, now: number): boolean {
  const name = key('pin', chat);
  if (!pinned) {
    preferencesMap(doc).delete(name);
    return true;
  }
  const pins = [...preferencesMap(doc).keys()].filter((k) => k.startsWith('pin:'));
  if (pinsOver([...pins, name])) return false;
  preferencesMap(doc).set(name, now);
  return true;
}

export function setArchived(doc: Y.Doc, chat: string, archived: boolean, now: number): void {
  if (archived) preferencesMap(doc).set(key('archived', chat), now);
  else preferencesMap(doc).delete(key('archived', chat));
}

export function setMarkedUnread(doc: Y.Doc, chat: string, unread: boolean): void {
  if (unread) preferencesMap(doc).set(key('unread', chat), true);
  else preferencesMap(doc).delete(key('unread', chat));
}
