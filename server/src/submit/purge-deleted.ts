/**
 * "Delete for everyone" removes, not hides: once a tombstone is stored, the server (as the
 * platform, through the one submit path) replaces the message with its stub
 * `{id, author, n, at, kind: 'deleted', deleted}` in the epoch document that holds it and drops
 * the message's edits, then compacts those documents, so the content is gone from the stored
 * rows (the snapshot is written from a garbage-collected document) and every device's copy drops
 * it when the update arrives. Chat media only this message named is unbound from the
 * conversation and, bound nowhere else, deleted.
 *
 * The purge is a consumer of the committed log that comes after every other (`last`), not an
 * effect of the tombstone's submit: its compaction folds the message and its edits into a
 * snapshot without them, and a consumer that read those rows only afterwards would never learn
 * of them (an edit made just before the deletion lost its `message.edited`, a customer's message
 * deleted at once its `message.received`). So it runs in the follower's next pass after the
 * tombstone commits, once statistics and webhook events have the rows it compacts.
 */
import * as Y from 'yjs';
import {
  conversationParts,
  editSchema,
  epochDocName,
  headDocName,
  limits,
  mediaIdsIn,
  parseDocName,
  readEpoch,
  tombstoneSchema,
  type DeletedMessage,
  type Message,
} from '@souk/sync';
import type { ServerWrite } from './submit.ts';
import type { LogConsumer } from '../db/log-follower.ts';
import { asPlatform } from './submit.ts';

export interface PurgeDeps {
  write: ServerWrite;
  store: { copy(doc: string): Promise<Y.Doc>; compact(doc: string): Promise<void> };
  /** `release` unbinds media from a conversation and deletes what is then bound nowhere. */
  media: { release?(ids: readonly string[], conversation: string): Promise<unknown> };
}

/** The tombstones an update sets (`deleted[id] = {at, by}`): message id → when. */
export function tombstonesIn(update: Uint8Array): Map<string, number> {
  const found = new Map<string, number>();
  let structs: unknown[];
  try {
    ({ structs } = Y.decodeUpdate(update) as { structs: unknown[] });
  } catch {
    return found;
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    // Tombstones are set once, by key with no neighbour: the update names their map.
    if ((struct.parent as unknown) !== 'deleted' || struct.parentSub === null) continue;
    const parsed = tombstoneSchema.safeParse(struct.content.getContent()[0]);
    if (parsed.success) found.set(struct.parentSub, parsed.data.at);
  }
  return found;
}

/** Replaces each deleted message of `doc` (a conversation document) with its stub. */
export async function purgeDeleted(deps: PurgeDeps, doc: string, deleted: Map<string, number>) {
  const parsed = parseDocName(doc);
  if (parsed?.kind !== 'conv' || deleted.size === 0) return;
  const head = headDocName(doc);
  const docs: Y.Doc[] = [await deps.store.copy(head)];
  const current = readEpoch(docs[0]!);
  for (let epoch = 1; epoch <= current; epoch++)
    docs.push(await deps.store.copy(epochDocName(head, epoch)));
  const touched = new Set<number>();
  const media = new Set<string>();
  for (const [id, at] of deleted) {
    const epoch = docs.findIndex((d) =>
      conversationParts(d).messages.toArray().some(isOriginal(id)),
    );
    if (epoch < 0) continue; // already a stub, or never there
    const original = conversationParts(docs[epoch]!).messages.toArray().find(isOriginal(id))!;
    mediaIdsIn(original).forEach((m) => media.add(m));
    await asPlatform(deps.write, epochDocName(head, epoch), (d) =>
      replaceWithStub(d, original, at),
    );
    touched.add(epoch);
    for (let later = epoch + 1; later <= current; later++) {
      if (!hasEdits(docs[later]!, id)) continue;
      await asPlatform(deps.write, epochDocName(head, later), (d) => dropEdits(d, id));
      touched.add(later);
    }
  }
  // Compacted now: the rows that carried the content are folded into a collected snapshot.
  for (const epoch of touched) await deps.store.compact(epochDocName(head, epoch));
  const stillNamed = new Set<string>();
  for (const d of docs)
    for (const message of conversationParts(d).messages)
      if (!deleted.has(message.id)) mediaIdsIn(message, stillNamed);
  const orphans = [...media].filter((m) => !stillNamed.has(m));
  if (orphans.length > 0) await deps.media.release?.(orphans, parsed.id);
  docs.forEach((d) => d.destroy());
}

const isOriginal = (id: string) => (message: Message) =>
  message?.id === id && message.kind !== 'deleted';

function replaceWithStub(doc: Y.Doc, original: Message, deletedAt: number): void {
  const { messages } = conversationParts(doc);
  const index = messages.toArray().findIndex(isOriginal(original.id));
  if (index < 0) return; // purged meanwhile (another process, a resent tombstone)
  const stub: DeletedMessage = {
    id: original.id,
    author: original.author,
    n: original.n,
    at: original.at,
    kind: 'deleted',
    deleted: deletedAt,
  };
  messages.delete(index, 1);
  messages.insert(index, [stub]);
  dropEdits(doc, original.id);
}

function hasEdits(doc: Y.Doc, id: string): boolean {
  return conversationParts(doc)
    .edits.toArray()
    .some((e) => editSchema.safeParse(e).data?.id === id);
}

/** Removes the message's edits, last first so the indexes stay right. */
function dropEdits(doc: Y.Doc, id: string): void {
  const { edits } = conversationParts(doc);
  const values = edits.toArray();
  for (let i = values.length - 1; i >= 0; i--)
    if (editSchema.safeParse(values[i]).data?.id === id) edits.delete(i, 1);
}

/**
 * The purge, from the committed log (db/log-follower.ts, cursor `purge`), behind every other
 * consumer: a process that stopped before purging (a crash, a restart) leaves it to the next
 * pass, so content never stays. Purging twice is harmless (a stub is not purged again); tombstones
 * in a snapshot count only while their message could still be deleted (48 hours and a margin).
 */
export function purgeConsumer(deps: PurgeDeps, now: () => number): LogConsumer {
  return {
    name: 'purge',
    startAt: 'present',
    effects: 'idempotent',
    last: true,
    handle: async (rows) => {
      for (const row of rows) {
        if (parseDocName(row.doc)?.kind !== 'conv') continue;
        const recent = now() - limits.deleteForEveryoneMs - 60 * 60 * 1000;
        const deleted = new Map(
          [...tombstonesIn(row.data)].filter(([, at]) => row.createdAt > 0 || at >= recent),
        );
        await purgeDeleted(deps, row.doc, deleted);
      }
    },
  };
}
