/** The resumable uploads and on-disk chat files, wired together, with the expiry sweep's timer. */
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { MediaService } from '../business/media-service.ts';
import type { UploadConfig } from './upload-config.ts';
import { MediaFiles } from './media-files.ts';
import { TusUploads } from './tus-uploads.ts';
import { UploadFinisher } from './upload-finish.ts';

export interface Uploads {
  config: UploadConfig;
  files: MediaFiles;
  finisher: UploadFinisher;
  tus: TusUploads;
  /** Deletes expired unfinished uploads now (the timer does it hourly); how many. */
  sweep(): Promise<number>;
  close(): void;
}

export function createUploads(
  db: Db,
  clock: Clock,
  logger: Logger,
  config: UploadConfig,
  images: MediaService,
): Uploads {
  const files = new MediaFiles(db, clock, config.dir);
  const finisher = new UploadFinisher(db, clock, images, files);
  const tus = new TusUploads(config, finisher, clock, logger);
  const sweep = () => tus.sweep();
  const timer = setInterval(
    () =>
      void sweep().catch((error: unknown) => logger.error({ err: error }, 'upload sweep failed')),
    Math.min(config.expireMs, 60 * 60 * 1000),
  );
  timer.unref();
  return { config, files, finisher, tus, sweep, close: () => clearInterval(timer) };
}
