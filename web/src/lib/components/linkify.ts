/**
 * Splits message text into plain parts and links. Only http(s) addresses become links (never
 * `javascript:` or `data:`), and a trailing full stop or bracket stays text, as people write.
 */
export type TextPart = { text: string; href?: string };

const url = /\bhttps?:\/\/[^\s<>"']+/gi;
const trailing = /[.,;:!?)\]}'"]+$/;

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(url)) {
    const found = match[0].replace(trailing, '');
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start) });
    try {
      const href = new URL(found).href;
      parts.push({ text: found, href });
    } catch {
      parts.push({ text: found });
    }
    last = start + found.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
