/** Quick replies, typed as `/shortcut` in the composer. */
import type * as Y from 'yjs';
import { inboxParts } from './parts.ts';
import { quickReplyTextSchema, shortcutSchema } from './schema.ts';

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
