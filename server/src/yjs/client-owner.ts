/** Whose a Yjs client id is in a document: the identity the validator bound it to (doc_clients). */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { docClients } from '../db/schema.ts';
import type { ClientOwner } from './yjs-room.ts';

export const clientOwner =
  (db: Db): ClientOwner =>
  async (doc, clientId) => {
    const [row] = await db
      .select({ identityId: docClients.identityId })
      .from(docClients)
      .where(and(eq(docClients.doc, doc), eq(docClients.clientId, clientId)));
    return row?.identityId ?? null;
  };
