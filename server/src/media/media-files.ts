/**
 * Chat files kept as uploaded (voice notes, audio, video, documents): on disk under
 * `<media dir>/files/<id>`, described by a `media_files` row, bound to their chat in `media_chats`.
 * Moved in from the tus staging directory (same file system: a rename, never a copy in memory)
 * and streamed out.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { mediaChats, mediaFiles } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

export interface StoredFile {
  contentType: string;
  size: number;
}

export class MediaFiles {
  private readonly dir: string;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    mediaDir: string,
  ) {
    this.dir = join(mediaDir, 'files');
  }

  /** Takes over a finished upload's file as chat media of `chat` (a conversation id). */
  async adopt(
    staged: string,
    file: { id: string; owner: string; chat: string; contentType: string; size: number },
  ): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await rename(staged, join(this.dir, file.id));
    const { id, owner, contentType, size } = file;
    await this.db.transaction(async (tx) => {
      await tx
        .insert(mediaFiles)
        .values({ id, owner, contentType, size, createdAt: this.clock.now() });
      await tx.insert(mediaChats).values({ mediaId: id, conversation: file.chat });
    });
  }

  /** Removes a file adopted for a message that was then not sent (the Business API by URL). */
  async discard(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(mediaChats).where(eq(mediaChats.mediaId, id));
      await tx.delete(mediaFiles).where(eq(mediaFiles.id, id));
    });
    await rm(join(this.dir, id), { force: true });
  }

  async get(id: string): Promise<StoredFile | null> {
    const [row] = await this.db
      .select({ contentType: mediaFiles.contentType, size: mediaFiles.size })
      .from(mediaFiles)
      .where(eq(mediaFiles.id, id));
    return row ?? null;
  }

  /** Deletes files whose rows are gone (a message deleted for everyone took them). */
  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) await rm(join(this.dir, id), { force: true });
  }

  /** The file's bytes as a stream (never read whole), or those from `start` to `end` inclusive. */
  stream(id: string, range?: { start: number; end: number }): ReadableStream<Uint8Array> {
    const file = createReadStream(join(this.dir, id), range);
    return Readable.toWeb(file) as ReadableStream<Uint8Array>;
  }
}
