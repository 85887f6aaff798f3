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
import { chatImageUpload, photoUpload, SoukError } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { media } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

const acceptedFormats = new Set(['jpeg', 'png', 'webp']);

export interface StoredImage {
  id: string;
  /** Where it is served: `/media/<id>.webp`. */
  url: string;
}

/** A chat photo: the picture (at most 1600 px a side) and its thumbnail (320 px). */
export interface StoredChatImage {
  url: string;
  thumb: string;
  width: number;
  height: number;
}

export const chatImageLimits = { maxBytes: chatImageUpload.maxBytes, side: 1600, thumbSide: 320 };

export class MediaService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async storePhoto(owner: string, bytes: Uint8Array): Promise<StoredImage> {
    await checkImage(bytes, photoUpload.maxBytes);
    const data = await sharp(bytes)
      .rotate()
      .resize(photoUpload.size, photoUpload.size, { fit: 'cover' })
      .webp({ quality: 80 })
      .toBuffer();
    return this.save(owner, data);
  }

  /** A photo sent in a chat: kept whole (up to 1600 px a side) with a small thumbnail. */
  async storeChatImage(owner: string, bytes: Uint8Array): Promise<StoredChatImage> {
    await checkImage(bytes, chatImageLimits.maxBytes);
    const upright = sharp(bytes).rotate();
    const { data, info } = await upright
      .clone()
      .resize(chatImageLimits.side, chatImageLimits.side, {
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    const thumb = await upright
      .clone()
      .resize(chatImageLimits.thumbSide, chatImageLimits.thumbSide, {
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 60 })
      .toBuffer();
    const [full, small] = [await this.save(owner, data), await this.save(owner, thumb)];
    return { url: full.url, thumb: small.url, width: info.width, height: info.height };
  }

  private async save(owner: string, data: Uint8Array): Promise<StoredImage> {
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

/** The bytes must really be a JPEG, PNG or WebP image (whatever the request claims), not too big. */
async function checkImage(bytes: Uint8Array, maxBytes: number): Promise<void> {
  if (bytes.byteLength === 0) throw SoukError.refusal('bad_request', { code: 'upload_empty' });
  if (bytes.byteLength > maxBytes)
    throw SoukError.refusal('too_large', {
      code: 'upload_too_large',
      details: { megabytes: Math.round(maxBytes / (1024 * 1024)), limit: maxBytes },
    });
  let format: string | undefined;
  try {
    format = (await sharp(bytes).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !acceptedFormats.has(format))
    throw SoukError.refusal('bad_request', { code: 'not_an_image' });
}
