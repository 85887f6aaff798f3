/**
 * Uploads the queue (outbox.ts), one message at a time in the order they were picked: each file
 * with tus (tus-js-client), in chunks, its upload URL kept in tus-js-client's URL storage under
 * the row's id, so after a reload or a restart the upload resumes where the server's offset says
 * instead of starting over. Once every file of a message is in, the message is sent and the row
 * leaves the queue. Without a network it waits for the browser's `online` (or a later try); a
 * refusal (too large, not what it claims to be) stays in place with its reason until deleted.
 */
import { Upload, DetailedError } from 'tus-js-client';
import {
  appHeader,
  parseDocName,
  uploadResultSchema,
  uploadRoutes,
  uploadsPath,
  SoukError,
  type App,
  type EverydayContent,
  type UploadResult,
} from '@souk/sync';
import type { OutboxRow, SoukDb } from '../db.ts';
import type { ImageMessage } from '../sync/sync-engine.ts';
import { call } from '../api.ts';
import { readyMessage, sentAlready } from './message-content.ts';
import { dropQueued, thisPage } from './outbox.ts';
import type * as Y from 'yjs';

/** What the runner needs of the app (AppState). */
export interface RunnerHost {
  readonly app: App;
  readonly db: SoukDb;
  readonly me: { id: string } | null;
  epochs(head: string): Promise<Y.Doc[]>;
  sendImage(head: string, image: ImageMessage): Promise<void>;
  sendEveryday(head: string, content: EverydayContent): Promise<void>;
}

/** Bytes per PATCH: a dropped connection loses at most this much (and proxies take it whole). */
export const chunkBytes = 4 * 1024 * 1024;
/** Tries again this long after a failure the browser did not call offline (a server restart). */
const laterMs = 15_000;

/** The row left the queue (deleted by the person) while its file was uploading. */
class Dropped extends Error {}

class Refused extends Error {
  constructor(
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

export class UploadRunner {
  private running = false;
  private again = false;
  private later: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly host: RunnerHost) {
    addEventListener('online', () => this.kick());
  }

  /** Works through the queue now (or right after the pass under way). */
  kick(): void {
    if (this.later) clearTimeout(this.later);
    this.later = null;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** One tab at a time works through the queue (two would send the same file twice). */
  private async pass(): Promise<void> {
    const name = `souk-uploads-${this.host.app}`;
    if (!navigator.locks) return this.passAlone();
    await navigator.locks.request(name, () => this.passAlone());
  }

  private async passAlone(): Promise<void> {
    const rows = await this.host.db.outbox.toArray().catch(() => []);
    // A row another page left half read (reloaded or closed while it took a poster) is read
    // again here, offline too; one this page is reading waits (this page kicks when it is done).
    for (const [i, row] of rows.entries())
      if (row.preparing && row.preparing !== thisPage) rows[i] = (await this.prepare(row)) ?? row;
    for (const row of rows.sort((a, b) => a.at - b.at)) {
      if (row.preparing || row.refused || !this.host.me) continue;
      if (!navigator.onLine) return;
      try {
        await this.upload(row);
        await this.send(row);
      } catch (error) {
        if (error instanceof Dropped) continue;
        if (error instanceof Refused) {
          await this.host.db.outbox.update(row.id, {
            refused: { code: error.code, details: error.details },
          });
          continue;
        }
        // No network, or the server is away: the rest waits too.
        if (navigator.onLine) this.later = setTimeout(() => this.kick(), laterMs);
        return;
      }
    }
  }

  private async prepare(row: OutboxRow): Promise<OutboxRow | undefined> {
    return import('../kinds/prepare-file.ts')
      .then(({ prepareQueued }) => prepareQueued(this.host.db, row))
      .catch(() => undefined);
  }

  /** Uploads every part of the row that has no result yet (results are kept as they come). */
  private async upload(row: OutboxRow): Promise<void> {
    for (const [index, part] of row.parts.entries()) {
      if (part.result) continue;
      const found = part.url ? await this.finished(part.url) : null;
      part.result = found ?? (await this.tus(row, index));
      part.sent = part.size;
      await this.host.db.outbox.update(row.id, { parts: row.parts });
    }
  }

  /** What an upload finished before a reload became (null: not finished, or unknown). */
  private async finished(url: string): Promise<UploadResult | null> {
    const id = url.split('/').pop() ?? '';
    try {
      return await call(this.host.app, uploadRoutes.uploadResult, { params: { id } });
    } catch (error) {
      if (error instanceof SoukError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  private async tus(row: OutboxRow, index: number): Promise<UploadResult> {
    const stored = await this.host.db.outboxFiles.get(`${row.id}|${index}`);
    if (!stored) throw new Refused('upload_empty');
    const part = row.parts[index]!;
    const chat = parseDocName(row.doc)?.id ?? '';
    let shown = -1;
    const saveProgress = (sent: number) => {
      const percent = Math.floor((sent * 100) / part.size);
      if (percent === shown) return;
      shown = percent;
      part.sent = sent;
      void this.host.db.outbox.update(row.id, { parts: row.parts }).then((updated) => {
        if (updated > 0) return;
        void upload.abort(true).catch(() => {});
        dropped(new Dropped());
      });
    };
    let dropped: (error: Dropped) => void = () => {};
    let upload!: Upload;
    const body = await new Promise<string>((resolve, reject) => {
      dropped = reject;
      upload = new Upload(stored.file, {
        endpoint: uploadsPath,
        chunkSize: chunkBytes,
        retryDelays: [0, 1000, 3000],
        headers: { [appHeader]: this.host.app },
        metadata: { chat, kind: part.kind, filename: part.name, filetype: stored.file.type },
        // The queue's own id: one stored URL per file of a message, found again after a reload.
        fingerprint: async () => `souk-${row.id}-${index}`,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onUploadUrlAvailable: () => {
          part.url = upload.url ?? undefined;
          void this.host.db.outbox.update(row.id, { parts: row.parts });
        },
        onProgress: saveProgress,
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getBody() ?? ''),
        onError: (error) => reject(refusalOf(error) ?? error),
      });
      void upload.findPreviousUploads().then((previous) => {
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      }, reject);
    });
    const parsed = body ? uploadResultSchema.safeParse(safeJson(body)) : null;
    if (parsed?.success) return parsed.data;
    // Finished by an earlier page (the last PATCH's answer was lost): the server kept the result.
    const kept = part.url ? await this.finished(part.url) : null;
    if (!kept) throw new Error('upload finished without a result');
    return kept;
  }

  /** Sends the message (unless it was sent before a reload) and takes the row off the queue. */
  private async send(row: OutboxRow): Promise<void> {
    if (!(await this.host.db.outbox.get(row.id))) return;
    const ready = readyMessage(row);
    const epochs = await this.host.epochs(row.doc);
    const me = this.host.me?.id;
    const main = row.parts[0]!.result!;
    const messages = epochs.at(-1)!.getArray<Record<string, unknown>>('messages').toArray();
    if (!messages.some((m) => m['author'] === me && sentAlready(m, main))) {
      if (ready.kind === 'image') await this.host.sendImage(row.doc, ready.image);
      else await this.host.sendEveryday(row.doc, ready.content);
    }
    await dropQueued(this.host.db, row.id);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A refusal of the server's (a 4xx with a reason code), or null for anything worth retrying. */
function refusalOf(error: Error): Refused | null {
  if (!(error instanceof DetailedError)) return null;
  const response = error.originalResponse;
  const status = response?.getStatus() ?? 0;
  if (status < 400 || status >= 500 || status === 409 || status === 423) return null;
  const body = safeJson(response?.getBody() ?? '') as { details?: Record<string, unknown> } | null;
  const reason = body?.details?.['reason'];
  if (typeof reason !== 'string') return null;
  const { reason: _reason, ...details } = body!.details!;
  return new Refused(reason, details);
}
