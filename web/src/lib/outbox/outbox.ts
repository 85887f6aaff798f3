/**
 * The upload queue of media messages (one for every kind: photo, voice, audio, video, document).
 * A picked or recorded file goes into Dexie at once, with the message's other fields, and shows
 * in its chat with 🕓 and its progress; the runner (upload-runner.ts, loaded only when something
 * waits) uploads it with tus when there is a network — after a reload or a restart too — and then
 * sends the message. This module is what a picker calls: it takes a File or Blob and its kind.
 */
import { mediaKindLimits, randomId, type UploadKind } from '@souk/sync';
import type { OutboxPart, OutboxRow, SoukDb } from '../db.ts';

export interface QueuedFile {
  kind: UploadKind;
  file: Blob;
  /** Shown, and the message's `name` for documents and audio (a File's own name by default). */
  name?: string;
}

export interface MediaToSend extends QueuedFile {
  /** The conversation (its head document). */
  doc: string;
  /** The message's other fields: caption, durationMs, waveform, pages, width, height... */
  fields?: Record<string, unknown>;
  /** Other files the message names by media id, by field (a video's `poster`, a PDF's `preview`). */
  extras?: Record<string, QueuedFile>;
}

/** This page, in the rows it is preparing: a row another page left preparing is prepared again. */
export const thisPage = randomId();

const nameOf = (file: QueuedFile) =>
  file.name ?? (file.file instanceof File && file.file.name ? file.file.name : file.kind);

/**
 * The product's default limits (issue 16), checked at once so a file over them is refused in place
 * before any upload, offline too; a server configured lower refuses with the same code later.
 */
export const uploadLimits: Record<UploadKind, number> = {
  photo: 16 * 1024 * 1024,
  voice: mediaKindLimits.voiceBytes,
  audio: mediaKindLimits.audioBytes,
  video: mediaKindLimits.videoBytes,
  document: mediaKindLimits.documentBytes,
};

function tooLarge(files: QueuedFile[]): OutboxRow['refused'] {
  const over = files.find((file) => file.file.size > uploadLimits[file.kind]);
  if (!over)
    return files.some((file) => file.file.size === 0) ? { code: 'upload_empty' } : undefined;
  const limit = uploadLimits[over.kind];
  const details = { kind: over.kind, limit, megabytes: Math.round(limit / (1024 * 1024)) };
  return { code: 'upload_too_large', details };
}

const partOf = ([field, file]: [string | null, QueuedFile]): OutboxPart => ({
  field,
  kind: file.kind,
  name: nameOf(file),
  size: file.file.size,
  sent: 0,
});

/**
 * Puts a media message in the queue; its id. The caller then kicks the runner, or, for one queued
 * `preparing` (its poster or preview still to take), calls `finishPreparing` first.
 */
export async function queueMedia(
  db: SoukDb,
  media: MediaToSend,
  now = Date.now(),
  preparing = false,
): Promise<string> {
  const id = randomId();
  const files: Array<[string | null, QueuedFile]> = [
    [null, media],
    ...Object.entries(media.extras ?? {}),
  ];
  await db.transaction('rw', db.outbox, db.outboxFiles, async () => {
    await db.outboxFiles.bulkPut(files.map(([, f], i) => ({ key: `${id}|${i}`, file: f.file })));
    const refused = tooLarge(files.map(([, file]) => file));
    const fields = media.fields ?? {};
    const parts = files.map(partOf);
    const row: OutboxRow = {
      id,
      doc: media.doc,
      kind: media.kind,
      at: now,
      fields,
      parts,
      refused,
    };
    if (preparing && !refused) row.preparing = thisPage;
    await db.outbox.put(row);
  });
  return id;
}

/**
 * A row queued preparing becomes `media` (its kind, fields and extras as the device read them; its
 * own file stays). Nothing if it left the queue meanwhile or another page finished it first.
 */
export async function finishPreparing(db: SoukDb, id: string, media: MediaToSend): Promise<void> {
  await db.transaction('rw', db.outbox, db.outboxFiles, async () => {
    const row = await db.outbox.get(id);
    if (!row?.preparing) return;
    const extras = Object.entries(media.extras ?? {});
    await db.outboxFiles.bulkPut(
      extras.map(([, f], i) => ({ key: `${id}|${i + 1}`, file: f.file })),
    );
    const { preparing: _done, ...rest } = row;
    await db.outbox.put({
      ...rest,
      kind: media.kind,
      fields: media.fields ?? {},
      parts: [{ ...row.parts[0]!, kind: media.kind, name: nameOf(media) }, ...extras.map(partOf)],
      refused: tooLarge([media, ...extras.map(([, file]) => file)]),
    });
  });
}

/**
 * What a picker or recorder calls: queues the media message and starts its upload (the runner is
 * loaded if it is not yet). Resolves once the message is safe in the queue.
 */
export async function sendMedia(
  souk: { db: SoukDb; uploads(): Promise<{ kick(): void }> },
  media: MediaToSend,
): Promise<void> {
  await queueMedia(souk.db, media);
  void souk.uploads().then((runner) => runner.kick());
}

/** Takes a waiting (or refused) media message off the queue, with its files. */
export async function dropQueued(db: SoukDb, id: string): Promise<void> {
  await db.transaction('rw', db.outbox, db.outboxFiles, async () => {
    const row = await db.outbox.get(id);
    await db.outbox.delete(id);
    if (row) await db.outboxFiles.bulkDelete(row.parts.map((_, i) => `${id}|${i}`));
  });
  // tus-js-client's stored upload URLs of its files (`tus::<fingerprint>::<n>`).
  const storage = globalThis.localStorage;
  for (const key of Object.keys(storage ?? {}))
    if (key.startsWith(`tus::souk-${id}-`)) storage.removeItem(key);
}
