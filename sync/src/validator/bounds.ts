/**
 * The bounds an update must keep before anything in it is judged (docs/protocol.md, Limits), so
 * that no participant can make a document too big or too slow to load for the others: a bounded
 * number of structs, none empty; a delete set of sorted, disjoint, non-empty ranges, bounded in
 * number (Yjs writes nothing else; overlapping ranges would cost every device quadratic work);
 * at most one new Yjs client id per update, and a bounded number per identity per document.
 */
import * as Y from 'yjs';
import { limits } from '../limits.ts';
import type { RuleRefusal } from './rules.ts';

type Struct = Y.Item | Y.GC | Y.Skip;

/** The shape of Yjs's (unexported) DeleteSet. */
export interface DeleteSet {
  clients: Map<number, Array<{ clock: number; len: number }>>;
}

export function checkStructs(structs: Struct[]): RuleRefusal | null {
  if (structs.length > limits.maxStructsPerUpdate)
    return { code: 'too_many_structs', details: { max: limits.maxStructsPerUpdate } };
  // Yjs never writes an empty struct; many at one clock pass as "already stored" and bloat it.
  if (structs.some((s) => s.length <= 0)) return { code: 'malformed_update' };
  return null;
}

export function checkDeleteSet(ds: DeleteSet): RuleRefusal | null {
  let ranges = 0;
  for (const list of ds.clients.values()) {
    ranges += list.length;
    let end = -1;
    for (const { clock, len } of list) {
      if (len <= 0 || clock <= end) return { code: 'malformed_update' };
      end = clock + len - 1;
    }
  }
  if (ranges > limits.maxDeleteRangesPerUpdate)
    return { code: 'too_many_deletions', details: { max: limits.maxDeleteRangesPerUpdate } };
  return null;
}

export function checkNewClients(
  count: number,
  options: {
    actor: { id: string };
    boundClients?(identity: string): number;
    serverBuilt?: boolean;
  },
): RuleRefusal | null {
  if (count > limits.maxNewClientsPerUpdate)
    return { code: 'too_many_new_clients', details: { max: limits.maxNewClientsPerUpdate } };
  if (count === 0 || options.serverBuilt || !options.boundClients) return null;
  if (options.boundClients(options.actor.id) + count > limits.maxClientsPerIdentity)
    return { code: 'too_many_clients', details: { max: limits.maxClientsPerIdentity } };
  return null;
}
