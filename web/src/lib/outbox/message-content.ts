/**
 * What a waiting media message becomes once its files are uploaded: the photo message's fields,
 * or an everyday kind's content (the server's media id, sniffed type and size, the picker's
 * fields, the extras' media ids). Pure, so it is tested without a browser.
 */
import { mediaIdOf, type EverydayContent, type UploadResult } from '@souk/sync';
import type { OutboxRow } from '../db.ts';
import type { ImageMessage } from '../sync/sync-engine.ts';

export type ReadyMessage =
  { kind: 'image'; image: ImageMessage } | { kind: 'everyday'; content: EverydayContent };

/** The message of a row whose every part has its result (throws if one has not). */
export function readyMessage(row: OutboxRow): ReadyMessage {
  const results = row.parts.map((part) => {
    if (!part.result) throw new Error('not uploaded yet');
    return part.result;
  });
  const main = results[0]!;
  const caption = typeof row.fields['caption'] === 'string' ? row.fields['caption'] : '';
  if (main.kind === 'photo') {
    const { url, thumb, width, height } = main;
    return { kind: 'image', image: { url, thumb, width, height, ...(caption ? { caption } : {}) } };
  }
  const named: Record<string, string> = {};
  row.parts.forEach((part, i) => {
    if (part.field) named[part.field] = extraIdOf(results[i]!);
  });
  const { caption: _caption, ...fields } = row.fields;
  const content = {
    ...fields,
    ...(caption && (main.kind === 'document' || main.kind === 'video') ? { caption } : {}),
    ...named,
    kind: main.kind,
    media: main.media,
    mime: mimeFor(main.kind, main.mime),
    size: main.size,
    ...(main.kind === 'document' || main.kind === 'audio' ? { name: row.parts[0]!.name } : {}),
  };
  return { kind: 'everyday', content: content as EverydayContent };
}

/** A voice note or audio file in a WebM or MP4 container sniffs as video; it is audio. */
function mimeFor(kind: UploadResult['kind'], mime: string): string {
  if ((kind === 'voice' || kind === 'audio') && mime.startsWith('video/'))
    return `audio/${mime.slice('video/'.length)}`;
  return mime;
}

/**
 * The media id of an extra: a file's id, or a photo's (a video's poster, a PDF's first page),
 * which is in its URL (`/media/<id>.webp`): it is re-encoded and stripped like any photo.
 */
function extraIdOf(result: UploadResult): string {
  if (result.kind !== 'photo') return result.media;
  const id = mediaIdOf(result.url);
  if (!id) throw new Error('a photo without a media URL');
  return id;
}

/** Whether `message` (from the conversation) is the one this result made: sent before a reload. */
export function sentAlready(message: Record<string, unknown>, main: UploadResult): boolean {
  return main.kind === 'photo' ? message['url'] === main.url : message['media'] === main.media;
}
