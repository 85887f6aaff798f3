/**
 * Device stores keep each document as a log of Yjs updates, one per transaction, so a refused
 * change can be taken out again: Yjs cannot remove an item from a document, but a document
 * rebuilt from the log without the refused updates never had it (nor its deletions).
 */
import * as Y from 'yjs';

/** True when the server has every change in `update` (its state vector covers them). */
export function coveredBy(update: Uint8Array, serverState: Map<number, number>): boolean {
  for (const [client, clock] of Y.parseUpdateMeta(update).to) {
    if ((serverState.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/** Splits a log into the updates the server has and the rest (kept in order). */
export function splitLog<T extends { data: Uint8Array }>(
  rows: T[],
  serverState: Map<number, number>,
): { covered: T[]; uncovered: T[] } {
  const covered: T[] = [];
  const uncovered: T[] = [];
  for (const row of rows) (coveredBy(row.data, serverState) ? covered : uncovered).push(row);
  return { covered, uncovered };
}
