/** A business's private notes on its chats. */
import type * as Y from 'yjs';
import { inboxParts } from './parts.ts';
import { idPattern } from './patterns.ts';
import { inboxLimits } from './basics.ts';
import { noteSchema } from './schema.ts';

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
