/**
 * One byte range of a `Range: bytes=…` request header (RFC 9110 §14), so a browser can seek in a
 * voice note or a video without fetching all of it. One range only: a request for several (which
 * media elements never send, and which can ask for the same bytes many times over) gets the whole
 * file, as a server may ignore Range. A header that is not a well-formed byte range is ignored
 * too; a well-formed one no byte of the file satisfies is `unsatisfiable` (416).
 */
export type ByteRange =
  | { kind: 'whole' }
  /** `start` and `end` inclusive, both within the file. */
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const whole: ByteRange = { kind: 'whole' };
const unsatisfiable: ByteRange = { kind: 'unsatisfiable' };
const single = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i;

/**
 * The range of a file of `size` bytes that `header` asks for. Numbers too large for a double stay
 * correct for this: a first byte past any file is past this one, a last byte past it is its end.
 */
export function byteRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return whole;
  const match = single.exec(header);
  if (!match) return whole;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return whole;
  if (first === '') {
    // The last `last` bytes (a suffix): none asked for, or none there, satisfies nothing.
    const length = Number(last);
    if (length === 0 || size === 0) return unsatisfiable;
    return { kind: 'part', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return whole; // not a valid range: ignored
  if (start >= size) return unsatisfiable;
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}

/** The `Content-Range` of an answer: the part sent, or (416) only the size. */
export function contentRange(range: ByteRange, size: number): string {
  return range.kind === 'part' ? `bytes ${range.start}-${range.end}/${size}` : `bytes */${size}`;
}
