/**
 * The device's tus client (tus-js-client, as web/src/lib/outbox/upload-runner.ts sets it up: its
 * chunks, a fingerprint per queued file, its URL storage) against the real server: an upload
 * stopped after its first chunk (a reload) is found again through the URL storage by a second
 * client and resumes from the server's offset — no second upload is created — and the file
 * arrives whole, its result kept for `GET /api/uploads/:id`. PGlite (the protocol is the server's,
 * not the database's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Upload, type PreviousUpload, type UrlStorage } from 'tus-js-client';
import { parseDocName } from '@souk/sync';
import { consentWorld, type Member } from '../support/consent.ts';
import { tusHead } from '../support/tus.ts';

const chunk = 256 * 1024;

/** tus-js-client's URL storage kept in memory (the browser's is localStorage): survives a "reload". */
class MemoryUrlStorage implements UrlStorage {
  readonly entries = new Map<string, PreviousUpload & { fingerprint: string }>();
  async findAllUploads() {
    return [...this.entries.values()];
  }
  async findUploadsByFingerprint(fingerprint: string) {
    return [...this.entries.values()].filter((entry) => entry.fingerprint === fingerprint);
  }
  async removeUpload(key: string) {
    this.entries.delete(key);
  }
  async addUpload(fingerprint: string, upload: PreviousUpload) {
    const key = `tus::${fingerprint}::${this.entries.size}`;
    this.entries.set(key, { ...upload, urlStorageKey: key, fingerprint });
    return key;
  }
}

describe('the device tus client against the server', () => {
  const world = consentWorld('pglite', '+34 699 000 018', '+3469918');
  let shop: Member;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Copistería Sur');
  }, 60_000);
  afterAll(() => world.stop());

  it('resumes after a reload from the offset the server has, and finishes the file', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    const base = world.h.server.url;
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * chunk)]);
    const storage = new MemoryUrlStorage();
    const methods: string[] = [];
    const options = (handlers: {
      onChunkComplete?: () => void;
      onSuccess?: () => void;
      onError?: (error: Error) => void;
    }) => ({
      endpoint: `${base}/uploads`,
      chunkSize: chunk,
      retryDelays: null,
      headers: { 'x-souk-app': 'personal', origin: base, cookie: person.who.cookie },
      metadata: { chat: parseDocName(doc)!.id, kind: 'document', filename: 'plan.pdf' },
      fingerprint: async () => 'souk-queued-0',
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      urlStorage: storage,
      onBeforeRequest: (request: { getMethod(): string }) => void methods.push(request.getMethod()),
      ...handlers,
    });

    // The first page: stopped once its first chunk is in.
    const first: Upload = await new Promise((resolve, reject) => {
      const upload: Upload = new Upload(
        file,
        options({
          onChunkComplete: () => void upload.abort().then(() => resolve(upload)),
          onError: reject,
        }),
      );
      upload.start();
    });
    const location = new URL(first.url!).pathname;
    expect(methods).toEqual(['POST', 'PATCH']);
    const server = await tusHead({ base, who: person.who }, location);
    expect(server.offset).toBe(chunk);

    // After the reload: found in the URL storage, asked for its offset, sent from there.
    methods.length = 0;
    const patches: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(
        file,
        options({
          onSuccess: () => resolve(),
          onError: reject,
        }),
      );
      upload.options.onBeforeRequest = (request) => {
        methods.push(request.getMethod());
        if (request.getMethod() === 'PATCH')
          patches.push(Number(request.getHeader('Upload-Offset')));
      };
      void upload.findPreviousUploads().then((previous) => {
        expect(previous).toHaveLength(1);
        upload.resumeFromPreviousUpload(previous[0]!);
        upload.start();
      });
    });
    expect(methods).not.toContain('POST');
    expect(methods[0]).toBe('HEAD');
    expect(patches).toEqual([chunk, 2 * chunk, 3 * chunk]);
    expect(storage.entries.size).toBe(0);

    const id = location.split('/').at(-1)!;
    const result = await world.h.call(person.who, 'personal', 'GET', `/uploads/${id}`);
    expect(result).toMatchObject({ status: 200, body: { kind: 'document', size: file.length } });
  });
});
