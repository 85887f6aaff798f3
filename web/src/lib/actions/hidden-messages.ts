/**
 * "Delete for me" (personal app): a message hidden on the person's own devices only. The choice
 * is a key of their preferences document (`hidden:<conversationId>/<messageId>`, sync's
 * preferences.ts), so it reaches their other devices like any preference; the projector leaves
 * hidden messages out of the rows (and so out of the history, the chat list and search).
 */
import type * as Y from 'yjs';
import { preferencesMap, readHidden } from '@souk/sync';

const hiddenPrefix = 'hidden:';

/** The ids of the messages of conversation `head` (`conv:<id>`) the person hid. */
export function hiddenIn(prefs: Y.Doc, head: string): Set<string> {
  return readHidden(prefs, head.slice('conv:'.length));
}

/** Tells which conversations' hidden messages changed since the last look at the document. */
export class HiddenWatch {
  private counts = new Map<string, number>();

  /** The heads of the conversations whose hidden set changed (all of them, the first time). */
  changed(prefs: Y.Doc): string[] {
    const counts = new Map<string, number>();
    for (const [key, value] of preferencesMap(prefs).entries()) {
      if (!key.startsWith(hiddenPrefix) || value !== true) continue;
      const conversation = key.slice(hiddenPrefix.length, key.indexOf('/'));
      counts.set(conversation, (counts.get(conversation) ?? 0) + 1);
    }
    const heads = [...counts]
      .filter(([id, n]) => this.counts.get(id) !== n)
      .map(([id]) => `conv:${id}`);
    this.counts = counts;
    return heads;
  }
}
