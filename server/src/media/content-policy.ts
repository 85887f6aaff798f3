/**
 * How an upload's bytes may be served. The type comes from the bytes (`file-type`), never from
 * what the uploader claimed. Only passive media — raster images, audio, video — is ever shown
 * inline; everything else, above all active content (HTML, SVG, XML, scripts, executables), is
 * served as an attachment with a generic type, so a browser downloads it instead of running it.
 */
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';

const inlineTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'audio/ogg',
  'audio/opus',
  'audio/mpeg',
  'audio/mp4',
  'audio/webm',
  'audio/aac',
  'audio/x-m4a',
  'video/mp4',
  'video/webm',
  'video/quicktime',
]);

export interface Served {
  contentType: string;
  disposition: 'inline' | 'attachment';
}

/** The type found in the bytes (or none: text, SVG and other formats without a signature). */
export async function sniff(bytes: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(bytes))?.mime;
}

/** The same, reading only the start of a file on disk (large uploads are never read whole). */
export async function sniffFile(path: string): Promise<string | undefined> {
  return (await fileTypeFromFile(path))?.mime;
}

/** Types a browser would render and run: never named as such, even in an attachment. */
const activeTypes = /html|xml|svg|javascript|ecmascript|x-sh|x-msdownload|x-executable|x-elf/;

/**
 * Inline only for passive media. Anything else is an attachment: with its sniffed type when that
 * is a plain document (PDF, archives, office files), `application/octet-stream` when the bytes
 * carry no signature (text, HTML, SVG) or are active.
 */
export function servedAs(sniffed: string | undefined): Served {
  if (sniffed && inlineTypes.has(sniffed)) return { contentType: sniffed, disposition: 'inline' };
  const safe = sniffed && !activeTypes.test(sniffed) ? sniffed : 'application/octet-stream';
  return { contentType: safe, disposition: 'attachment' };
}

export function isInlineImage(sniffed: string | undefined): boolean {
  return sniffed === 'image/jpeg' || sniffed === 'image/png' || sniffed === 'image/webp';
}
