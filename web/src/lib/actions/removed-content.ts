/**
 * "Delete for everyone" removes, not hides, on the device too. The server replaces a deleted
 * message with its stub and drops its edits (docs/protocol.md, Message actions); the update that
 * does it deletes those items from the device's copy, and Yjs (with `gc`) drops their content
 * from memory. What remains is the device's own storage: its log of updates still holds the
 * original text, and the media cache the photo. `watchRemovedContent` notices such a removal,
 * so the store can compact the log (dexie-doc-store.ts) and the media cache lets go of the files.
 */
import * as Y from 'yjs';
import { conversationParts, mediaIdsIn } from '@souk/sync';

/** The cache the service worker keeps media in (pwa/worker.ts). */
export const mediaCacheName = 'souk-media';

/**
 * Calls `removed` with the media ids of the messages a transaction removed from `doc` (a
 * conversation document), whenever messages or edits are removed. Only the server removes them
 * (devices never may), so every call is a deletion for everyone arriving.
 */
export function watchRemovedContent(doc: Y.Doc, removed: (media: Set<string>) => void): void {
  const { messages, edits } = conversationParts(doc);
  const media = new Set<string>();
  let pending = false;
  // Observers run before Yjs collects the removed items, so their content is still readable.
  const collect =
    (fromMessages: boolean) =>
    (event: { changes: { deleted: Set<Y.Item> } }): void => {
      if (event.changes.deleted.size === 0) return;
      pending = true;
      if (!fromMessages) return;
      for (const item of event.changes.deleted) mediaIdsIn(item.content.getContent(), media);
    };
  messages.observe(collect(true));
  edits.observe(collect(false));
  doc.on('afterTransaction', () => {
    if (!pending) return;
    pending = false;
    removed(new Set(media));
    media.clear();
  });
}

/** Takes the files of these media ids out of the media cache (a photo's `.webp` too). */
export async function forgetCachedMedia(media: ReadonlySet<string>): Promise<void> {
  if (media.size === 0 || typeof caches === 'undefined') return;
  const cache = await caches.open(mediaCacheName);
  for (const request of await cache.keys()) {
    const id = /\/media\/([A-Za-z0-9_-]{8,64})(?:\.[a-z0-9]{1,8})?$/.exec(
      new URL(request.url).pathname,
    )?.[1];
    if (id && media.has(id)) await cache.delete(request);
  }
}

/**
 * One update holding what `updates` hold, written from a garbage-collected document: the
 * content of removed items is not in it (Y.mergeUpdates would keep it).
 */
export function collectedUpdate(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, Y.mergeUpdates([...updates]));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
