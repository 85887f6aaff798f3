/**
 * Reads documents for the device store to open: each one's row (created when new, with this
 * page's Yjs client id) and its log of updates, for many documents in one transaction. A
 * catch-up opens hundreds of documents at once; a transaction each cost more than the reads.
 */
import type { DocRow, SoukDb, UpdateRow } from '../db.ts';
import type { ClientIds } from './client-ids.ts';

export interface DocRead {
  row: DocRow & { clientId: number };
  rows: UpdateRow[];
}

/** Call after `clientIds.ready()`. */
export function readDocs(
  db: SoukDb,
  clientIds: ClientIds,
  names: ReadonlySet<string>,
): Promise<Map<string, DocRead>> {
  return db.transaction('rw', db.updates, db.docs, async () => {
    const list = [...names];
    const stored = await db.docs.bulkGet(list);
    const fresh: DocRow[] = [];
    const rows = list.map((name, i) => {
      const row = stored[i] ?? { name, pending: 0 as const };
      const ids = row.slotIds?.length;
      const clientId = clientIds.of(row);
      if (!stored[i] || row.slotIds?.length !== ids) fresh.push(row);
      return { ...row, clientId };
    });
    if (fresh.length > 0) await db.docs.bulkPut(fresh);
    const logs = await Promise.all(
      list.map((name) => db.updates.where('doc').equals(name).toArray()),
    );
    return new Map(list.map((name, i) => [name, { row: rows[i]!, rows: logs[i]! }]));
  });
}
