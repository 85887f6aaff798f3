/**
 * A picked file (not a photo) as the media message to queue (outbox.ts `sendMedia`): a video with
 * its poster, duration and size; a PDF with its page count and first page; an audio file with its
 * duration; anything else as a document. A poster or first page goes as a photo of the chat, so
 * the server re-encodes and strips it like any photo. What the device cannot read (a video it
 * cannot decode, a broken PDF) still goes, as a plain document. Loaded when such a file is picked.
 */
import { uploadLimits, type MediaToSend } from '$lib/outbox/outbox.ts';
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
