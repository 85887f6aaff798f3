/**
 * What happens to a resumable upload once its last byte is in: its type is sniffed from the bytes
 * and must fit its kind; a photo is re-encoded without metadata (as a direct photo upload), any
 * other kind is kept as uploaded. Either way it becomes media private to its chat, and the result
 * — what the uploader puts in the message — is recorded for `GET /api/uploads/:id`, so a device
 * that reloads after the upload still finds it.
 */
import { and, eq } from 'drizzle-orm';
import { refusalError, uploadResultSchema, type UploadKind, type UploadResult } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { uploadsFinished } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { MediaService } from '../business/media-service.ts';
import { sniffFile } from './content-policy.ts';
import type { MediaFiles } from './media-files.ts';

export interface FinishedUpload {
  id: string;
  owner: string;
  chat: string;
  kind: UploadKind;
  /** The staged file. */
  path: string;
  size: number;
}

/** Whether a sniffed type is one the kind takes (a WebM voice note sniffs as video/webm). */
export function fitsKind(kind: UploadKind, mime: string | undefined): boolean {
  switch (kind) {
    case 'voice':
    case 'audio':
      return !!mime && (mime.startsWith('audio/') || mime === 'video/webm' || mime === 'video/mp4');
    case 'video':
      return !!mime && mime.startsWith('video/');
    default:
      return true;
  }
}

export class UploadFinisher {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly images: MediaService,
    private readonly files: MediaFiles,
  ) {}

  async finish(upload: FinishedUpload): Promise<UploadResult> {
    const { id, owner, chat, kind, path, size } = upload;
    let result: UploadResult;
    if (kind === 'photo') {
      result = { kind, ...(await this.images.storeChatImage(owner, path, chat)) };
    } else {
      const mime = await sniffFile(path);
      if (!fitsKind(kind, mime))
        throw refusalError('bad_request', { code: 'upload_content', details: { kind } });
      const contentType = mime ?? 'application/octet-stream';
      await this.files.adopt(path, { id, owner, chat, contentType, size });
      result = { kind, media: id, mime: contentType, size };
    }
    await this.db
      .insert(uploadsFinished)
      .values({ id, owner, result, finishedAt: this.clock.now() })
      .onConflictDoNothing();
    return result;
  }

  /** A finished upload of `owner`'s, or null (unknown, unfinished, or someone else's). */
  async result(id: string, owner: string): Promise<UploadResult | null> {
    const [row] = await this.db
      .select({ result: uploadsFinished.result })
      .from(uploadsFinished)
      .where(and(eq(uploadsFinished.id, id), eq(uploadsFinished.owner, owner)));
    return row ? uploadResultSchema.parse(row.result) : null;
  }
}
