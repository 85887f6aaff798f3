/**
 * How a message points at an uploaded file: an opaque media id (the server issues it per chat;
 * whether it belongs to the chat is the media service's check, not this shape), its MIME type
 * and its size in bytes. The limits are the product's defaults (PRODUCT.md, issue 16); a server
 * may configure lower ones and refuses above them before upload.
 */
import { z } from 'zod';

export const mediaIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a media id.');

export const mediaKindLimits = {
  /** Bytes. */
  voiceBytes: 32 * 1024 * 1024,
  audioBytes: 100 * 1024 * 1024,
  videoBytes: 64 * 1024 * 1024,
  documentBytes: 100 * 1024 * 1024,
  /** Milliseconds. */
  voiceMs: 30 * 60 * 1000,
  mediaMs: 24 * 60 * 60 * 1000,
  /** Samples of a voice note's waveform, each 0–255. */
  waveformSamples: 128,
  fileNameChars: 255,
  captionChars: 1024,
  pages: 100_000,
  pixels: 10_000,
} as const;

/** `type/subtype` as in RFC 6838, lower case, no parameters; `family` limits the top-level type. */
export function mimeSchema(family?: 'audio' | 'video') {
  const top = family ?? '[a-z0-9][a-z0-9!#$&^_.+-]{0,63}';
  return z
    .string()
    .max(127)
    .regex(new RegExp(`^${top}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$`), 'Not a MIME type.');
}

export const durationSchema = (maxMs: number) => z.int().positive().max(maxMs);
export const byteSizeSchema = (max: number) => z.int().positive().max(max);

/** A file name as shown: no path, no control characters. */
export const fileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(mediaKindLimits.fileNameChars)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^/\\\u0000-\u001f\u007f]+$/, 'A file name has no path or control characters.');

export const captionSchema = z.string().trim().max(mediaKindLimits.captionChars);
