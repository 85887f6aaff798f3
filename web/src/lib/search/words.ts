/**
 * The words a search compares: text folded to lower case without accents ("Café" → "cafe"), cut
 * into runs of letters and digits. The index and the query fold the same way, so `cafe` finds
 * `Café` and `CAFÉ`. Pure, so tested alone; loaded by the sync engine (indexing) and the search.
 */

// Long runs (links, hashes) are cut: a prefix that long already singles the message out.
const maxWordLength = 32;
const wordPattern = /[\p{L}\p{N}]+/gu;
const marks = /\p{M}/gu;

/** Lower case without accents (combining marks), in the device's locale. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(marks, '').toLocaleLowerCase();
}

/** The distinct folded words of `text`, in order of first appearance. */
export function words(text: string): string[] {
  const seen = new Set<string>();
  for (const match of fold(text).matchAll(wordPattern)) seen.add(match[0].slice(0, maxWordLength));
  return [...seen];
}

/** The query's words, each a prefix to look for; the longest first (it narrows the most). */
export function queryWords(query: string): string[] {
  return words(query).sort((a, b) => b.length - a.length);
}

/** Whether every query word begins some word of a message. */
export function matchesAll(messageWords: readonly string[], query: readonly string[]): boolean {
  return query.every((q) => messageWords.some((w) => w.startsWith(q)));
}

/**
 * The folded text with, for each of its code units, where it came from in `text` (folding can
 * drop marks and change lengths), so a match in the folded text is marked in the original.
 */
export function foldWithMap(text: string): { folded: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  let at = 0;
  for (const char of text) {
    const part = fold(char);
    folded += part;
    for (let i = 0; i < part.length; i++) from.push(at);
    at += char.length;
  }
  from.push(text.length);
  return { folded, from };
}

/** A 32-bit FNV-1a hash: tells whether a message's indexed text changed since it was indexed. */
export function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
