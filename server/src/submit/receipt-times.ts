/**
 * The server's time of each receipt (a message's "Info", issue 17): a conversation's head holds
 * each reader's watermarks `receipts[reader] = {d, r}`, values without times of their own. The
 * commit that stores a reader's new watermarks also records them with the server's clock in
 * `receipt_times`; a device's clock never enters. The validator lets an identity write only its
 * own receipt (`not_own_receipt`) and only forwards (`receipt_backwards`), so every receipt value
 * in an accepted update is the submitting identity's. Receipt map keys are not always in the
 * update (Yjs leaves a key out when the item has a left neighbour), hence the value's shape.
 */
import * as Y from 'yjs';
import { and, eq, gte, min } from 'drizzle-orm';
import { parseDocName, receiptSchema, type Actor, type Receipt } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { receiptTimes } from '../db/schema.ts';
import type { AlsoCommit } from '../sync/commit-log.ts';

/** The receipt values an update writes (none when it is malformed: the validator answers it). */
export function receiptsIn(update: Uint8Array): Receipt[] {
  let structs: unknown[];
  try {
    ({ structs } = Y.decodeUpdate(update) as { structs: unknown[] });
  } catch {
    return [];
  }
  const found: Receipt[] = [];
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    for (const value of struct.content.getContent()) {
      if (typeof value !== 'object' || value === null || !('d' in value) || !('r' in value))
        continue;
      const receipt = receiptSchema.safeParse(value);
      if (receipt.success) found.push(receipt.data);
    }
  }
  return found;
}

interface ReceiptSource {
  doc: string;
  update: Uint8Array;
  actor: Actor;
  alsoCommit?: AlsoCommit;
}

/**
 * What the commit of a party's update to a conversation head also writes: its receipts, at `now`
 * (after the submission's own `alsoCommit`, if any). Undefined when there is nothing to add.
 */
export function withReceiptTimes(
  { doc, update, actor, alsoCommit: also }: ReceiptSource,
  now: number,
): AlsoCommit | undefined {
  const name = parseDocName(doc);
  if (name?.kind !== 'conv' || name.epoch !== 0 || actor.kind === 'platform') return also;
  const receipts = receiptsIn(update);
  if (receipts.length === 0) return also;
  const rows = receipts.map(({ d, r }) => ({ conv: doc, reader: actor.id, d, r, at: now }));
  return async (tx) => {
    await also?.(tx);
    await tx.insert(receiptTimes).values(rows).onConflictDoNothing();
  };
}

/** When `reader`'s watermarks first reached message `n` in the conversation, by the server. */
export async function receiptTimesOf(
  db: Db,
  head: string,
  reader: string,
  n: number,
): Promise<{ deliveredAt: number | null; readAt: number | null }> {
  const t = receiptTimes;
  const first = async (column: typeof t.d | typeof t.r) => {
    const [row] = await db
      .select({ at: min(t.at) })
      .from(t)
      .where(and(eq(t.conv, head), eq(t.reader, reader), gte(column, n)));
    return row?.at ?? null;
  };
  const [deliveredAt, readAt] = [await first(t.d), await first(t.r)];
  // Read implies delivered (a receipt never has r > d); an older row may lack the delivery.
  return { deliveredAt: deliveredAt ?? readAt, readAt };
}
