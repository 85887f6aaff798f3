/**
 * Uploaded images. An upload is decoded by sharp (so the bytes must really be an image of an
 * accepted type, whatever the request claims), turned upright, cut to a square, re-encoded as
 * WebP without metadata (sharp drops EXIF and GPS unless asked to keep them), and stored under
 * its content hash: the same picture uploaded twice is one row, and the URL never changes
 * meaning, so it can be cached forever.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { photoUpload, SoukError } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { media } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

const acceptedFormats = new Set(['jpeg', 'png', 'webp']);

export interface StoredImage {
  id: string;
  /** Where it is served: `/media/<id>.webp`. */
  url: string;
}

export class MediaService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async storePhoto(owner: string, bytes: Uint8Array): Promise<StoredImage> {
    if (bytes.byteLength === 0) throw new SoukError('bad_request', 'The photo is empty.');
    if (bytes.byteLength > photoUpload.maxBytes)
      throw new SoukError('too_large', 'The photo can be at most 5 MB.');
    let format: string | undefined;
    try {
      format = (await sharp(bytes).metadata()).format;
    } catch {
      format = undefined;
    }
    if (!format || !acceptedFormats.has(format))
      throw new SoukError('bad_request', 'The photo must be a JPEG, PNG or WebP image.');
    const data = await sharp(bytes)
      .rotate()
      .resize(photoUpload.size, photoUpload.size, { fit: 'cover' })
      .webp({ quality: 80 })
      .toBuffer();
    const id = createHash('sha256').update(data).digest('base64url').slice(0, 32);
    await this.db
      .insert(media)
      .values({ id, owner, contentType: 'image/webp', data, createdAt: this.clock.now() })
      .onConflictDoNothing();
    return { id, url: `/media/${id}.webp` };
  }

  async get(id: string): Promise<{ contentType: string; data: Uint8Array } | null> {
    const [row] = await this.db
      .select({ contentType: media.contentType, data: media.data })
      .from(media)
      .where(eq(media.id, id));
    return row ?? null;
  }
}
