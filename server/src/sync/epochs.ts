/**
 * The epoch policy: a conversation's messages go to its current epoch document (`conv:<id>` is
 * epoch 0, then `conv:<id>~1`, …), named by the head's `meta.epoch`. When the current one holds
 * `epochSize` messages, the platform moves the head to the next epoch, whose members are the
 * head's from then on (granted in the same commit). An epoch exists once the server rolled over
 * to it — it then has members — so nobody fills epochs ahead.
 */
import { eq } from 'drizzle-orm';
import {
  conversationParts,
  docName,
  epochDocName,
  parseDocName,
  platformActor,
  readEpoch,
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
export async function rollOver(
  write: ServerWrite,
  membersOf: (head: string) => Promise<Set<string>>,
  name: string,
): Promise<void> {
  const parsed = parseDocName(name);
  if (parsed?.kind !== 'conv') return;
  const head = docName('conv', parsed.id);
  const next = parsed.epoch + 1;
  const members = { doc: epochDocName(head, next), ids: [...(await membersOf(head))] };
  const { result } = await write(
    head,
    platformActor,
    (doc) => {
      if (readEpoch(doc) === parsed.epoch) conversationParts(doc).meta.set('epoch', next);
    },
    { members },
  );
  if (result.kind === 'refused') throw new Error(`epoch roll-over refused: ${result.reason}`);
}
