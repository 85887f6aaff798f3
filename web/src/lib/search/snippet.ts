/**
 * The part of a message a search result shows: a window around the first match, with every
 * word beginning that matches the query marked (found in the folded text, marked in the original,
 * so "Café" is marked when `cafe` was asked for). Pure, so tested alone.
 */
import { foldWithMap } from './words.ts';

export interface Segment {
  text: string;
  hit: boolean;
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/** Where in `text` (start, end) the words beginning with a query word begin so. */
export function matchRanges(text: string, query: readonly string[]): Array<[number, number]> {
  const { folded, from } = foldWithMap(text);
  const ranges: Array<[number, number]> = [];
  for (const match of folded.matchAll(wordPattern)) {
    const start = match.index;
    const longest = Math.max(
      0,
      ...query.filter((q) => match[0].startsWith(q)).map((q) => q.length),
    );
    if (longest > 0) ranges.push([from[start]!, from[start + longest]!]);
  }
  return ranges;
}

/** About `width` characters of `text` around its first match, as marked and unmarked parts. */
export function snippet(text: string, query: readonly string[], width = 90): Segment[] {
  const ranges = matchRanges(text, query);
  let begin = 0;
  const first = ranges[0];
  if (first && text.length > width && first[0] > width / 3) {
    // Start a few words before the match, at a space, so the match is near the beginning.
    begin = first[0] - Math.floor(width / 3);
    const space = text.indexOf(' ', begin);
    if (space >= 0 && space < first[0]) begin = space + 1;
  }
  const end = Math.min(text.length, Math.max(begin + width, first ? first[1] : 0));
  const parts: Segment[] = [];
  const push = (part: string, hit: boolean) => part && parts.push({ text: part, hit });
  let at = begin;
  for (const [start, stop] of ranges) {
    if (stop <= at || start >= end) continue;
    push(text.slice(at, Math.max(at, start)), false);
    push(text.slice(Math.max(at, start), Math.min(stop, end)), true);
    at = Math.min(stop, end);
  }
  push(text.slice(at, end), false);
  if (begin > 0) parts.unshift({ text: '…', hit: false });
  if (end < text.length) parts.push({ text: '…', hit: false });
  return parts;
}
