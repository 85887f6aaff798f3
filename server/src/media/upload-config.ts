/**
 * Where media files live and how large an upload of each kind may be (issue 16: photos 16 MB
 * before resizing, video 64 MB, documents 100 MB). The directory may be shared by several server
 * processes (tus keeps each upload's state in a file beside it).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { UploadKind } from '@souk/sync';

const megabytes = (fallback: number, what: string) =>
  z.coerce.number().int().min(1).max(10_000).default(fallback).describe(`largest ${what}, in MB`);

export const uploadEnv = {
  SOUK_MEDIA_DIR: z
    .string()
    .optional()
    .describe('directory of uploaded files, shared by every process (default: DATA_DIR/media)'),
  SOUK_UPLOAD_PHOTO_MB: megabytes(16, 'photo upload (before resizing)'),
  SOUK_UPLOAD_VOICE_MB: megabytes(32, 'voice note upload'),
  SOUK_UPLOAD_AUDIO_MB: megabytes(100, 'audio file upload'),
  SOUK_UPLOAD_VIDEO_MB: megabytes(64, 'video upload'),
  SOUK_UPLOAD_DOCUMENT_MB: megabytes(100, 'document upload'),
  SOUK_UPLOAD_EXPIRE_HOURS: z.coerce
    .number()
    .min(0.01)
    .default(24)
    .describe('an unfinished upload is deleted this long after it was created'),
  SOUK_MEDIA_URL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(15_000)
    .describe('how long fetching a file the Business API sends by URL may take, whole'),
};

export interface UploadConfig {
  /** Uploads are staged in `<dir>/staging`; finished files kept in `<dir>/files`. */
  dir: string;
  /** Bytes, per kind. */
  maxBytes: Readonly<Record<UploadKind, number>>;
  expireMs: number;
  /** The whole fetch of media sent by URL (api/media-url.ts). */
  urlTimeoutMs: number;
}

type UploadEnv = z.output<z.ZodObject<typeof uploadEnv>>;

export function readUploadConfig(e: UploadEnv, dataDir: string): UploadConfig {
  const mb = (n: number) => n * 1024 * 1024;
  const dir = e.SOUK_MEDIA_DIR
    ? resolve(e.SOUK_MEDIA_DIR)
    : dataDir === 'memory://'
      ? join(tmpdir(), `souk-media-${randomBytes(6).toString('hex')}`)
      : resolve(dataDir, 'media');
  return Object.freeze({
    dir,
    maxBytes: Object.freeze({
      photo: mb(e.SOUK_UPLOAD_PHOTO_MB),
      voice: mb(e.SOUK_UPLOAD_VOICE_MB),
      audio: mb(e.SOUK_UPLOAD_AUDIO_MB),
      video: mb(e.SOUK_UPLOAD_VIDEO_MB),
      document: mb(e.SOUK_UPLOAD_DOCUMENT_MB),
    }),
    expireMs: e.SOUK_UPLOAD_EXPIRE_HOURS * 60 * 60 * 1000,
    urlTimeoutMs: e.SOUK_MEDIA_URL_TIMEOUT_MS,
  });
}
