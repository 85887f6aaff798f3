/**
 * The composer side of quick replies: the `/word` being typed before the caret opens the list,
 * filtered by that word, and choosing one replaces the word with the reply's text. Pure text
 * functions, so the keyboard behaviour is tested without a browser.
 */
import type { QuickReply } from '@souk/sync';

/**
 * The `/word` being typed just before the caret (at the start or after a space), or null: what
 * the quick-reply list filters by. `start` is where the `/` is.
 */
export function quickReplyQuery(
  text: string,
  caret = text.length,
): { query: string; start: number } | null {
  const match = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { query: match[1]!.toLowerCase(), start: caret - match[1]!.length - 1 };
}

/** Quick replies for a query: shortcuts starting with it first, then those containing it anywhere. */
export function matchQuickReplies(replies: QuickReply[], query: string): QuickReply[] {
  const q = query.toLowerCase();
  const starts = replies.filter((r) => r.shortcut.startsWith(q));
  const contains = replies.filter(
    (r) =>
      !r.shortcut.startsWith(q) && (r.shortcut.includes(q) || r.text.toLowerCase().includes(q)),
  );
  return [...starts, ...contains];
}

/** The composer's text with the `/word` at `start` (up to `caret`) replaced by the reply. */
export function insertQuickReply(
  text: string,
  at: { start: number; caret: number },
  reply: QuickReply,
): { text: string; caret: number } {
  const before = text.slice(0, at.start);
  return {
    text: before + reply.text + text.slice(at.caret),
    caret: before.length + reply.text.length,
  };
}
