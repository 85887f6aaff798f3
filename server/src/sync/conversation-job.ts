/**
 * A conversation's documents for one commit, by epoch: the head, the epoch written to and the
 * current one (`extend`), and — loaded with `add` by the epoch index (epoch-index.ts) — any epoch
 * the conversation has left that names a message the update names. The rules reach across epochs
 * (a message id is unique in the conversation, a tombstone, a reply, a reaction or an edit may
 * name a message of an older epoch, the head says which epochs are left and since when), and
 * those are all the documents that can change their answer; the rest of the history stays in
 * storage. `extend` runs again inside the commit, after the locks, for an epoch another process
 * started meanwhile.
 */
import { epochDocName, headDocName, readEpoch, type DocName } from '@souk/sync';
import type { Db } from '../db/open.ts';
import type { ConversationJob } from './commit-log.ts';
import type { Loaded, Tx } from './doc-storage.ts';

export function conversationJob(
  name: string,
  parsed: DocName,
  load: (doc: string, db: Db) => Promise<Loaded>,
): ConversationJob | undefined {
  if (parsed.kind !== 'conv') return undefined;
  const head = headDocName(name);
  const docs: ConversationJob['docs'] = [];
  const add = async (epoch: number, reader: Db | Tx) => {
    const loaded = docs[epoch];
    if (loaded) return { ...loaded, added: false };
    const epochName = epochDocName(head, epoch);
    // A transaction reads like the database.
    const entry = { name: epochName, entry: await load(epochName, reader as Db) };
    docs[epoch] = entry;
    return { ...entry, added: true };
  };
  const extend = async (reader: Db | Tx) => {
    await add(0, reader);
    await add(parsed.epoch, reader);
    await add(readEpoch(docs[0]!.entry.doc), reader);
  };
  return { docs, extend, add };
}

/** The queue a document's tasks run in: a conversation's epochs share their head's. */
export function queueOf(name: string): string {
  return name.startsWith('conv:') ? headDocName(name) : name;
}
