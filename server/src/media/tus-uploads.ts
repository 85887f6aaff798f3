/**
 * Resumable uploads (tus 1.0 via @tus/server): staged on disk in `<media dir>/staging` by
 * @tus/file-store, whose per-upload state lives in a file beside the data, so several processes
 * sharing the directory can each take the next PATCH (each holds its own lock per upload while
 * writing). Request bodies are streamed to disk, never held in memory. The route in front
 * (http/upload-routes.ts) has already checked who asks, the kind, the chat and the length; here
 * the upload remembers its owner, and once complete it is handed to the finisher.
 * Unfinished uploads expire (`sweep`, by the injected clock, from a timer and from tests).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Server, type Upload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { SoukError, uploadKinds, uploadsPath, type UploadKind } from '@souk/sync';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { UploadConfig } from './upload-config.ts';
import type { UploadFinisher } from './upload-finish.ts';

/** Set by the route from the session (any value a client sent is replaced). */
export const uploaderHeader = 'x-souk-uploader';

export interface UploadInfo {
  owner: string | undefined;
  size: number | undefined;
  offset: number;
}

export class TusUploads {
  private readonly store: FileStore;
  private readonly tus: Server;
  private readonly staging: string;

  constructor(
    private readonly config: UploadConfig,
    finisher: UploadFinisher,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.staging = join(config.dir, 'staging');
    mkdirSync(this.staging, { recursive: true });
    this.store = new FileStore({
      directory: this.staging,
      expirationPeriodInMilliseconds: config.expireMs,
    });
    this.tus = new Server({
      path: uploadsPath,
      datastore: this.store,
      relativeLocation: true,
      maxSize: Math.max(...Object.values(config.maxBytes)),
      namingFunction: () => randomBytes(24).toString('base64url'),
      // The owner and the creation time (by the server's clock, which the expiry reads).
      onUploadCreate: async (req, upload) => ({
        metadata: {
          ...upload.metadata,
          owner: req.headers.get(uploaderHeader),
          created: String(this.clock.now()),
        },
      }),
      onUploadFinish: async (_req, upload) => {
        const meta = upload.metadata ?? {};
        const path = join(this.staging, upload.id);
        try {
          const result = await finisher.finish({
            id: upload.id,
            owner: meta['owner'] ?? '',
            chat: meta['chat'] ?? '',
            kind: meta['kind'] as UploadKind,
            path,
            size: upload.size ?? upload.offset,
          });
          return { body: JSON.stringify(result), headers: { 'Content-Type': 'application/json' } };
        } catch (error) {
          if (!(error instanceof SoukError)) logger.error({ err: error }, 'upload not stored');
          throw refusalBody(error);
        } finally {
          // A photo's original (with its metadata) or a refused file: gone; others were moved.
          await this.store.remove(upload.id).catch(() => this.store.configstore.delete(upload.id));
        }
      },
    });
  }

  handle(request: Request): Promise<Response> {
    return this.tus.handleWeb(request);
  }

  /** An upload's owner and progress, or null when there is none (or it is finished and gone). */
  async info(id: string): Promise<UploadInfo | null> {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) return null;
    let upload: Upload;
    try {
      upload = await this.store.getUpload(id);
    } catch {
      return null;
    }
    return {
      owner: upload.metadata?.['owner'] ?? undefined,
      size: upload.size,
      offset: upload.offset,
    };
  }

  /** Deletes unfinished uploads older than the expiry; how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    let removed = 0;
    for (const id of await this.store.configstore.list!()) {
      const upload = await this.store.configstore.get(id);
      const created = Number(upload?.metadata?.['created']);
      if (!upload || upload.offset === upload.size || !Number.isFinite(created)) continue;
      if (now - created < this.config.expireMs) continue;
      await this.store.remove(id).catch(() => {});
      removed++;
    }
    return removed;
  }
}

export function isUploadKind(kind: string | null | undefined): kind is UploadKind {
  return (uploadKinds as readonly string[]).includes(kind ?? '');
}

/** A refusal as tus sends errors: a status and a body (here our JSON error body). */
function refusalBody(error: unknown): { status_code: number; body: string } {
  if (error instanceof SoukError) {
    return { status_code: 400, body: JSON.stringify(error.toBody()) };
  }
  return { status_code: 500, body: JSON.stringify({ kind: 'internal', message: 'Not stored.' }) };
}
