/**
 * A conversation's documents for one commit: every epoch, head first, up to its current epoch
 * (or the one written to). Accepting a message needs them all — a message id is unique across
 * them, a tombstone may name a message of an older epoch, and the head says which epochs are
 * left and since when. `extend` runs again inside the commit, after the locks, for an epoch
 * another process started meanwhile.
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
  const extend = async (reader: Db | Tx) => {
    const db = reader as Db; // a transaction reads like the database
    if (docs.length === 0) docs.push({ name: head, entry: await load(head, db) });
    const last = Math.max(readEpoch(docs[0]!.entry.doc), parsed.epoch);
    for (let epoch = docs.length; epoch <= last; epoch++) {
      const epochName = epochDocName(head, epoch);
      docs.push({ name: epochName, entry: await load(epochName, db) });
    }
  };
  return { docs, extend };
}

/** The queue a document's tasks run in: a conversation's epochs share their head's. */
export function queueOf(name: string): string {
  return name.startsWith('conv:') ? headDocName(name) : name;
}
