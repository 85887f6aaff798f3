/**
 * A picked file (not a photo) as the media message to queue (outbox.ts `sendMedia`): a video with
 * its poster, duration and size; a PDF with its page count and first page; an audio file with its
 * duration; anything else as a document. A poster or first page goes as a photo of the chat, so
 * the server re-encodes and strips it like any photo. What the device cannot read (a video it
 * cannot decode, a broken PDF) still goes, as a plain document. Loaded when such a file is picked.
 * The file is in the queue already meanwhile, shown as preparing (outbox.ts `queueMedia`).
 */
import { finishPreparing, uploadLimits, type MediaToSend } from '$lib/outbox/outbox.ts';
import type { OutboxRow, SoukDb } from '$lib/db.ts';
import { readAudioDuration, readVideo } from './video-poster.ts';

const photoOf = (file: Blob, field: 'poster' | 'preview') => ({
  [field]: { kind: 'photo' as const, file, name: `${field}.jpg` },
});

export async function mediaOfFile(doc: string, file: File, caption: string): Promise<MediaToSend> {
  const name = file.name || 'file';
  const said = caption ? { caption } : {};
  const document: MediaToSend = { doc, kind: 'document', file, name, fields: said };
  if (file.type.startsWith('video/')) {
    // Too large to send as a video: the queue refuses it in place, with the video limit.
    if (file.size > uploadLimits.video) return { doc, kind: 'video', file, name, fields: said };
    try {
      const { poster, ...facts } = await readVideo(file);
      const fields = { ...facts, ...said };
      return { doc, kind: 'video', file, name, fields, extras: photoOf(poster, 'poster') };
    } catch {
      return document;
    }
  }
  if (file.type.startsWith('audio/')) {
    const durationMs = await readAudioDuration(file);
    return { doc, kind: 'audio', file, name, fields: durationMs ? { durationMs } : {} };
  }
  if (file.type === 'application/pdf' || /\.pdf$/i.test(name)) {
    try {
      const { renderPdfPreview } = await import('./pdf-preview.ts');
      const { pages, image } = await renderPdfPreview(file);
      return { ...document, fields: { pages, ...said }, extras: photoOf(image, 'preview') };
    } catch {
      return document;
    }
  }
  return document;
}

/**
 * Prepares a row another page left preparing (closed or reloaded while it read the file): reads its
 * file again and finishes it. The row as it is now, or undefined if it left the queue.
 */
export async function prepareQueued(db: SoukDb, row: OutboxRow): Promise<OutboxRow | undefined> {
  const stored = await db.outboxFiles.get(`${row.id}|0`);
  if (!stored) return undefined;
  const name = row.parts[0]?.name ?? 'file';
  const file =
    stored.file instanceof File
      ? stored.file
      : new File([stored.file], name, { type: stored.file.type });
  const caption = typeof row.fields['caption'] === 'string' ? row.fields['caption'] : '';
  await finishPreparing(db, row.id, await mediaOfFile(row.doc, file, caption));
  return db.outbox.get(row.id);
}
