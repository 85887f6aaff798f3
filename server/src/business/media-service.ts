/**
 * Uploaded images. An upload's type is sniffed from its bytes (`file-type`) and decoded by sharp
 * (so it must really be a JPEG, PNG or WebP image, whatever the request claims), turned upright,
 * re-encoded as WebP without metadata (sharp drops EXIF, XMP, ICC comments and GPS unless asked
 * to keep them). Public images (profile photos, template images) are stored under their content
 * hash; a chat's photos under a random id bound to the conversation (media/membership.ts), so
 * nobody outside the chat can find or fetch them. Either way a URL never changes meaning.
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { refusalError, chatImageUpload, photoUpload } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { media, mediaChats } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { isInlineImage, sniff, sniffFile } from '../media/content-policy.ts';
import type { MediaMembership } from '../media/membership.ts';

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
    readonly membership: MediaMembership,
  ) {}

  async storePhoto(owner: string, bytes: Uint8Array): Promise<StoredImage> {
    await checkImage(bytes, photoUpload.maxBytes);
    const data = await sharp(bytes)
      .rotate()
      .resize(photoUpload.size, photoUpload.size, { fit: 'cover' })
      .webp({ quality: 80 })
      .toBuffer();
    return this.savePublic(owner, data);
  }

  /** A template's header image: public, like a profile photo (templates reach many customers). */
  async storePublicImage(owner: string, bytes: Uint8Array): Promise<StoredChatImage> {
    return this.storeImage(bytes, (data) => this.savePublic(owner, data));
  }

  /**
   * A photo sent in a chat (`conversation`: its id): kept whole (up to 1600 px a side) with a
   * small thumbnail, both private to the conversation's members.
   */
  async storeChatImage(
    owner: string,
    bytes: Uint8Array | string,
    conversation: string,
  ): Promise<StoredChatImage> {
    return this.storeImage(bytes, (data) => this.saveChat(owner, data, conversation));
  }

  /** `bytes`: the image, or the path of a finished upload (sharp reads it from disk). */
  private async storeImage(
    bytes: Uint8Array | string,
    save: (data: Uint8Array) => Promise<StoredImage>,
  ): Promise<StoredChatImage> {
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
    const [full, small] = [await save(data), await save(thumb)];
    return { url: full.url, thumb: small.url, width: info.width, height: info.height };
  }

  private async savePublic(owner: string, data: Uint8Array): Promise<StoredImage> {
    const id = createHash('sha256').update(data).digest('base64url').slice(0, 32);
    const row = { id, owner, contentType: 'image/webp', data, createdAt: this.clock.now() };
    await this.db
      .insert(media)
      .values({ ...row, scope: 'public' })
      .onConflictDoNothing();
    return { id, url: `/media/${id}.webp` };
  }

  private async saveChat(owner: string, data: Uint8Array, chat: string): Promise<StoredImage> {
    const id = randomBytes(24).toString('base64url');
    const row = { id, owner, contentType: 'image/webp', data, createdAt: this.clock.now() };
    await this.db.transaction(async (tx) => {
      await tx.insert(media).values({ ...row, scope: 'chat' });
      await tx.insert(mediaChats).values({ mediaId: id, conversation: chat });
    });
    return { id, url: `/media/${id}.webp` };
  }

  async get(id: string): Promise<{
    contentType: string;
    data: Uint8Array;
    scope: 'public' | 'chat' | 'legacy';
  } | null> {
    const [row] = await this.db
      .select({ contentType: media.contentType, data: media.data, scope: media.scope })
      .from(media)
      .where(eq(media.id, id));
    return row ?? null;
  }
}

/** The bytes must really be a JPEG, PNG or WebP image (whatever the request claims), not too big. */
async function checkImage(bytes: Uint8Array | string, maxBytes: number): Promise<void> {
  if (typeof bytes === 'string') {
    // A finished resumable upload: its size limit was checked before its first byte.
    if (!isInlineImage(await sniffFile(bytes)))
      throw refusalError('bad_request', { code: 'not_an_image' });
    return checkFormat(bytes);
  }
  if (bytes.byteLength === 0) throw refusalError('bad_request', { code: 'upload_empty' });
  if (bytes.byteLength > maxBytes)
    throw refusalError('too_large', {
      code: 'upload_too_large',
      details: { megabytes: Math.round(maxBytes / (1024 * 1024)), limit: maxBytes },
    });
  // The signature first: a file whose bytes are not an image never reaches the decoder.
  if (!isInlineImage(await sniff(bytes)))
    throw refusalError('bad_request', { code: 'not_an_image' });
  await checkFormat(bytes);
}

async function checkFormat(bytes: Uint8Array | string): Promise<void> {
  let format: string | undefined;
  try {
    format = (await sharp(bytes).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !acceptedFormats.has(format))
    throw refusalError('bad_request', { code: 'not_an_image' });
}
