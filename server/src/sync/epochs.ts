/**
 * The epoch policy: a conversation's messages go to its current epoch document (`conv:<id>` is
 * epoch 0, then `conv:<id>~1`, …), named by the head's `meta.epoch`. When the current one holds
 * `epochSize` messages, the platform moves the head to the next epoch, whose members are the
 * head's from then on (granted in the same commit). An epoch exists once the server rolled over
 * to it — it then has members — so nobody fills epochs ahead.
 *
 * The head also records, in `meta.left`, when the conversation left each epoch and that epoch's
 * state vector then: late writes into it (a device that was offline) are accepted for a week and
 * up to 100 items per identity (sync/src/docs/chat-rules.ts); records older than that are dropped.
 */
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import {
  conversationParts,
  docName,
  epochDocName,
  leftEpochLimits,
  parseDocName,
  platformActor,
  readEpoch,
  readLeftEpochs,
  type DocName,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { docMembers } from '../db/schema.ts';
import type { Loaded } from './doc-storage.ts';
import type { ServerWrite } from '../submit/submit.ts';

/** Whether writes may go to this document (asked once per loaded epoch document). */
export async function hasStarted(
  db: Db,
  name: string,
  parsed: DocName,
  entry: Loaded,
): Promise<boolean> {
  if (parsed.kind !== 'conv' || parsed.epoch === 0 || entry.started) return true;
  const [row] = await db
    .select({ doc: docMembers.doc })
    .from(docMembers)
    .where(eq(docMembers.doc, name))
    .limit(1);
  entry.started = row !== undefined;
  return entry.started;
}

/**
 * A full epoch: the head names the next one. Several processes may race here: the change is
 * made only while the head still names the full epoch, so exactly one of them moves it.
 */
export interface RollOverDeps {
  write: ServerWrite;
  membersOf(head: string): Promise<Set<string>>;
  /** The document's state vector as the store has it. */
  stateVectorOf(name: string): Promise<Uint8Array>;
  now(): number;
}

export async function rollOver(deps: RollOverDeps, name: string): Promise<void> {
  const parsed = parseDocName(name);
  if (parsed?.kind !== 'conv') return;
  const head = docName('conv', parsed.id);
  const next = parsed.epoch + 1;
  const members = { doc: epochDocName(head, next), ids: [...(await deps.membersOf(head))] };
  // Read before the roll-over: anything written after it counts as late (never too little).
  const state: Record<string, number> = {};
  for (const [client, clock] of Y.decodeStateVector(await deps.stateVectorOf(name)))
    state[String(client)] = clock;
  const now = deps.now();
  const { result } = await deps.write(
    head,
    platformActor,
    (doc) => {
      if (readEpoch(doc) !== parsed.epoch) return;
      const { meta } = conversationParts(doc);
      const recent = Object.entries(readLeftEpochs(doc)).filter(
        ([, left]) => now - left.at <= leftEpochLimits.lateWriteMs,
      );
      meta.set('epoch', next);
      meta.set('left', {
        ...Object.fromEntries(recent),
        [String(parsed.epoch)]: { at: now, state },
      });
    },
    { members },
  );
  if (result.kind === 'refused') throw new Error(`epoch roll-over refused: ${result.reason}`);
}
