/**
 * The operator's decision on a request the console reviews (name change, handle change,
 * verification): one transaction marks the request decided only while it is still `pending`, so
 * two operators deciding at once cannot both win, and runs what approval or rejection does in the
 * same transaction. A request that was not pending is `not_found` or `conflict`.
 */
import { and, eq } from 'drizzle-orm';
import { SoukError } from '@souk/sync';
import type { Db } from '../db/open.ts';
import type { Tx } from '../db/log-follower.ts';
import { handleChangeRequests, nameChangeRequests, verificationRequests } from '../db/schema.ts';

export type Decision = 'approve' | 'reject';

type ReviewTable =
  typeof nameChangeRequests | typeof handleChangeRequests | typeof verificationRequests;

export interface OperatorDecision<T extends ReviewTable> {
  table: T;
  requestId: string;
  decision: Decision;
  reason: string;
  operator: string;
  at: number;
  /** What the request is called in the `not_found` message ("handle-change request"). */
  noun: string;
  /** The request as it stands, to tell a missing request from one decided already. */
  find: () => Promise<{ status: string } | null>;
}

/** Marks the pending request decided, then `apply`s the decision to it in the same transaction. */
export async function decideRequest<T extends ReviewTable, R>(
  db: Db,
  d: OperatorDecision<T>,
  apply: (tx: Tx, request: T['$inferSelect']) => Promise<R>,
): Promise<R> {
  // The three tables share these columns; drizzle cannot see that through the union.
  const table = d.table as typeof nameChangeRequests;
  const outcome = await db.transaction(async (tx) => {
    const [request] = await tx
      .update(table)
      .set({
        status: d.decision === 'approve' ? 'approved' : 'rejected',
        decidedAt: d.at,
        decidedBy: d.operator,
        decisionReason: d.reason,
      })
      .where(and(eq(table.id, d.requestId), eq(table.status, 'pending')))
      .returning();
    if (!request) return null;
    return { result: await apply(tx, request as T['$inferSelect']) };
  });
  if (outcome === null) {
    const existing = await d.find();
    if (!existing) throw new SoukError('not_found', `No such ${d.noun}.`);
    throw new SoukError('conflict', `This request was already ${existing.status}.`);
  }
  return outcome.result;
}
