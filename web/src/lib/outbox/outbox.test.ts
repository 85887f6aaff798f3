/**
 * The upload queue's device side: a picked file waits in Dexie (its bytes in a table of their own),
 * shows in its chat's timeline in the order it was picked, and once every file is uploaded
 * becomes the message of its kind, with the server's media id, sniffed type and size.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  documentMessageSchema,
  imageMessageSchema,
  videoMessageSchema,
  voiceMessageSchema,
} from '@souk/sync';
import { openDb, type MessageRow, type OutboxRow } from '../db.ts';
import { timeline } from '../unsent/timeline.ts';
import { dropQueued, queueMedia } from './outbox.ts';
import { readyMessage, sentAlready } from './message-content.ts';

const common = { id: 'message-01', author: 'ana', n: 1, at: 5 };

describe('the upload queue', () => {
  it('keeps the file and its extras apart from the row, and drops both', async () => {
    const db = openDb('souk-outbox-1');
    const file = new File(['%PDF-1.7 hello'], 'invoice.pdf', { type: 'application/pdf' });
    const poster = new Blob(['poster']);
    const id = await queueMedia(
      db,
      {
        doc: 'conv:shop',
        kind: 'document',
        file,
        fields: { caption: 'March' },
        extras: { preview: { kind: 'document', file: poster, name: 'preview.webp' } },
      },
      42,
    );
    const row = (await db.outbox.get(id))!;
    expect(row).toMatchObject({ doc: 'conv:shop', kind: 'document', at: 42 });
    expect(row.parts).toEqual([
      { field: null, kind: 'document', name: 'invoice.pdf', size: file.size, sent: 0 },
      { field: 'preview', kind: 'document', name: 'preview.webp', size: 6, sent: 0 },
    ]);
    expect(await db.outboxFiles.count()).toBe(2);
    await dropQueued(db, id);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.outboxFiles.count()).toBe(0);
  });

  it("refuses a file over its kind's limit at once, before any upload", async () => {
    const db = openDb('souk-outbox-2');
    const big = { size: 16 * 1024 * 1024 + 1 } as Blob;
    const id = await queueMedia(db, {
      doc: 'conv:shop',
      kind: 'photo',
      file: big,
      name: 'big.jpg',
    });
    expect((await db.outbox.get(id))!.refused).toEqual({
      code: 'upload_too_large',
      details: { kind: 'photo', limit: 16 * 1024 * 1024, megabytes: 16 },
    });
    const fine = await queueMedia(db, { doc: 'conv:shop', kind: 'photo', file: new Blob(['x']) });
    expect((await db.outbox.get(fine))!.refused).toBeUndefined();
  });

  it('places a waiting message among the messages by when it was picked', () => {
    const message = (key: string, at: number) => ({ key, at }) as MessageRow;
    const waiting = { id: 'w', at: 15 } as OutboxRow;
    const keys = timeline([message('a', 10), message('b', 20)], [], [waiting]).map((i) => i.key);
    expect(keys).toEqual(['a', 'outbox|w', 'b']);
  });
});

describe('what an uploaded row becomes', () => {
  const row = (over: Partial<OutboxRow>): OutboxRow => ({
    id: 'q',
    doc: 'conv:shop',
    kind: 'document',
    at: 1,
    fields: {},
    parts: [],
    ...over,
  });

  it('a photo: the image message with its caption', () => {
    const ready = readyMessage(
      row({
        kind: 'photo',
        fields: { caption: 'The red one?' },
        parts: [
          {
            field: null,
            kind: 'photo',
            name: 'shoe.jpg',
            size: 10,
            sent: 10,
            result: {
              kind: 'photo',
              url: '/media/aaaaaaaa.webp',
              thumb: '/media/bbbbbbbb.webp',
              width: 4,
              height: 3,
            },
          },
        ],
      }),
    );
    expect(ready.kind).toBe('image');
    if (ready.kind !== 'image') return;
    expect(imageMessageSchema.parse({ ...common, kind: 'image', ...ready.image }).caption).toBe(
      'The red one?',
    );
  });

  it('a document: its name, the sniffed type and size, the preview by media id', () => {
    const ready = readyMessage(
      row({
        fields: { caption: 'March', pages: 3 },
        parts: [
          {
            field: null,
            kind: 'document',
            name: 'invoice.pdf',
            size: 10,
            sent: 10,
            result: { kind: 'document', media: 'file-0001', mime: 'application/pdf', size: 10 },
          },
          {
            field: 'preview',
            kind: 'document',
            name: 'p.webp',
            size: 2,
            sent: 2,
            result: { kind: 'document', media: 'file-0002', mime: 'image/webp', size: 2 },
          },
        ],
      }),
    );
    if (ready.kind !== 'everyday') throw new Error(ready.kind);
    expect(documentMessageSchema.parse({ ...common, ...ready.content })).toMatchObject({
      name: 'invoice.pdf',
      media: 'file-0001',
      mime: 'application/pdf',
      pages: 3,
      preview: 'file-0002',
      caption: 'March',
    });
    const main = { kind: 'document' as const, media: 'file-0001', mime: 'text/plain', size: 10 };
    expect(sentAlready({ author: 'ana', media: 'file-0001' }, main)).toBe(true);
    expect(sentAlready({ author: 'ana', media: 'file-0009' }, main)).toBe(false);
  });

  it('a voice note in WebM (sniffed as video/webm) is audio/webm', () => {
    const ready = readyMessage(
      row({
        kind: 'voice',
        fields: { durationMs: 1500, waveform: [0, 255] },
        parts: [
          {
            field: null,
            kind: 'voice',
            name: 'voice',
            size: 10,
            sent: 10,
            result: { kind: 'voice', media: 'file-0003', mime: 'video/webm', size: 10 },
          },
        ],
      }),
    );
    if (ready.kind !== 'everyday') throw new Error(ready.kind);
    expect(voiceMessageSchema.parse({ ...common, ...ready.content }).mime).toBe('audio/webm');
  });

  it('a video: its poster, uploaded as a photo, named by the media id in its URL', () => {
    const ready = readyMessage(
      row({
        kind: 'video',
        fields: { durationMs: 2000, width: 640, height: 480, caption: 'Look' },
        parts: [
          {
            field: null,
            kind: 'video',
            name: 'clip.webm',
            size: 10,
            sent: 10,
            result: { kind: 'video', media: 'file-0004', mime: 'video/webm', size: 10 },
          },
          {
            field: 'poster',
            kind: 'photo',
            name: 'poster.jpg',
            size: 2,
            sent: 2,
            result: {
              kind: 'photo',
              url: '/media/poster_0005.webp',
              thumb: '/media/poster_0006.webp',
              width: 640,
              height: 480,
            },
          },
        ],
      }),
    );
    if (ready.kind !== 'everyday') throw new Error(ready.kind);
    expect(videoMessageSchema.parse({ ...common, ...ready.content })).toMatchObject({
      media: 'file-0004',
      poster: 'poster_0005',
      durationMs: 2000,
      caption: 'Look',
    });
  });

  it('is not ready while a file is still uploading', () => {
    const parts = [{ field: null, kind: 'document' as const, name: 'a', size: 1, sent: 0 }];
    expect(() => readyMessage(row({ parts }))).toThrow();
  });
});
