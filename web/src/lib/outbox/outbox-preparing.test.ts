/**
 * A picked video (or PDF, or audio file) is in its chat at once, as preparing, while the device
 * takes its poster and duration (kinds/prepare-file.ts); then it becomes the message to upload,
 * with the poster as a part of its own. The uploader leaves it alone while it prepares.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import { finishPreparing, queueMedia, thisPage } from './outbox.ts';

const clip = () => new File(['webm bytes'], 'clip.webm', { type: 'video/webm' });

describe('a file read on the device before it uploads', () => {
  it('waits as preparing, then becomes the video with its poster', async () => {
    const db = openDb('souk-preparing-1');
    const file = clip();
    const queued = { doc: 'conv:shop', kind: 'video' as const, file, fields: { caption: 'Look' } };
    const id = await queueMedia(db, queued, 7, true);
    expect(await db.outbox.get(id)).toMatchObject({ kind: 'video', preparing: thisPage, at: 7 });
    expect((await db.outbox.get(id))!.parts).toHaveLength(1);

    const poster = new Blob(['jpeg'], { type: 'image/jpeg' });
    await finishPreparing(db, id, {
      ...queued,
      fields: { durationMs: 2000, width: 640, height: 480, caption: 'Look' },
      extras: { poster: { kind: 'photo', file: poster, name: 'poster.jpg' } },
    });
    const row = (await db.outbox.get(id))!;
    expect(row.preparing).toBeUndefined();
    expect(row.fields).toEqual({ durationMs: 2000, width: 640, height: 480, caption: 'Look' });
    expect(row.parts).toEqual([
      { field: null, kind: 'video', name: 'clip.webm', size: file.size, sent: 0 },
      { field: 'poster', kind: 'photo', name: 'poster.jpg', size: 4, sent: 0 },
    ]);
    expect((await db.outboxFiles.get(`${id}|1`))!.file.size).toBe(4);
  });

  it('becomes a document when the device cannot read the video', async () => {
    const db = openDb('souk-preparing-2');
    const file = clip();
    const id = await queueMedia(db, { doc: 'conv:shop', kind: 'video', file }, 1, true);
    await finishPreparing(db, id, { doc: 'conv:shop', kind: 'document', file, name: 'clip.webm' });
    expect(await db.outbox.get(id)).toMatchObject({ kind: 'document', fields: {} });
    expect((await db.outbox.get(id))!.parts[0]!.kind).toBe('document');
  });

  it('is refused at once when too large, and never shown as preparing', async () => {
    const db = openDb('souk-preparing-3');
    const big = { size: 64 * 1024 * 1024 + 1, type: 'video/mp4' } as Blob;
    const id = await queueMedia(db, { doc: 'conv:shop', kind: 'video', file: big }, 1, true);
    const row = (await db.outbox.get(id))!;
    expect(row.refused?.code).toBe('upload_too_large');
    expect(row.preparing).toBeUndefined();
  });

  it('does nothing for a row deleted (or finished elsewhere) meanwhile', async () => {
    const db = openDb('souk-preparing-4');
    const file = clip();
    const id = await queueMedia(db, { doc: 'conv:shop', kind: 'video', file }, 1, true);
    await db.outbox.update(id, { preparing: undefined });
    await finishPreparing(db, id, { doc: 'conv:shop', kind: 'document', file });
    expect((await db.outbox.get(id))!.kind).toBe('video');
    await db.outbox.delete(id);
    await finishPreparing(db, id, { doc: 'conv:shop', kind: 'document', file });
    expect(await db.outbox.get(id)).toBeUndefined();
  });
});
