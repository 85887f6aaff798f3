/**
 * A Business API message's media given by URL (docs/business-api.md): fetched before the message
 * is built (media-url.ts), so the message names the file's id, sniffed type and size; adopted as
 * private media of the conversation once it is known, before the submit path checks that the
 * message names only its chat's media; discarded when the send fails.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mediaByUrlKinds, parseDocName, randomId, type SendMessage } from '@souk/sync';
import type { MediaFiles } from '../media/media-files.ts';
import type { UploadConfig } from '../media/upload-config.ts';
import { fetchMediaUrl, type MediaUrlOptions } from './media-url.ts';

export interface FetchedForMessage {
  /** The request with `media`, `mime` and `size` in place of `url`. */
  body: SendMessage;
  id: string;
  path: string;
  mime: string;
  size: number;
  adopted: boolean;
}

export class ApiMedia {
  private readonly options: MediaUrlOptions;

  constructor(
    private readonly files: MediaFiles,
    uploads: UploadConfig,
    fetch: Pick<MediaUrlOptions, 'guard' | 'resolve'>,
  ) {
    this.options = {
      ...fetch,
      timeoutMs: uploads.urlTimeoutMs,
      maxBytes: uploads.maxBytes,
      stagingDir: join(uploads.dir, 'staging'),
    };
  }

  /** The fetched file of a request that names media by URL, or null for any other request. */
  async fetch(body: SendMessage): Promise<FetchedForMessage | null> {
    const kind = mediaByUrlKinds.find((k) => body[k]?.url !== undefined);
    if (!kind) return null;
    const { url, ...rest } = body[kind] as { url: string } & Record<string, unknown>;
    const file = await fetchMediaUrl(url, kind, this.options);
    const id = randomId();
    const content = { ...rest, media: id, mime: file.mime, size: file.size };
    return { body: { ...body, [kind]: content }, id, ...file, adopted: false };
  }

  /** Makes the file media of the conversation (`head`, its document name) that `owner` sends to. */
  async adopt(fetched: FetchedForMessage, owner: string, head: string): Promise<void> {
    const chat = parseDocName(head)!.id;
    const { id, path, mime: contentType, size } = fetched;
    await this.files.adopt(path, { id, owner, chat, contentType, size });
    fetched.adopted = true;
  }

  /** Removes the file of a send that failed, wherever it is by now. */
  async discard(fetched: FetchedForMessage): Promise<void> {
    if (fetched.adopted) await this.files.discard(fetched.id);
    else await rm(fetched.path, { force: true });
  }
}
