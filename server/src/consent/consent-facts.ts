/**
 * Where the consent rules' facts come from, for every send path (sync and HTTP).
 *
 * Several processes may serve one PostgreSQL database, so nothing here trusts memory for a fact
 * that can change: a person's preferences and a business's status are read from the database on
 * every check, each in one statement (a consistent snapshot, even while compaction folds a
 * document's rows into its snapshot); checks that wait together share one read of preferences.
 * With PGlite there is one process, whose document store sees every write: preferences come
 * from its copies. Participants never change once a conversation exists, so
 * they alone are cached. Conversations themselves come from the document store's copy, which
 * the fan-out keeps fresh, or from the database (`storedConversation`) when that matters.
 */
import * as Y from 'yjs';
import { eq, inArray } from 'drizzle-orm';
import { docName, headDocName, readParticipants, type Participant } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses, docSnapshots, docUpdates } from '../db/schema.ts';
import type { DocStore } from '../sync/doc-store.ts';
import { BatchQueue } from '../db/batch-queue.ts';

export interface BusinessFacts {
  id: string;
  name: string;
  suspended: boolean;
}

const emptyStateVector = Y.encodeStateVector(new Y.Doc());
const maxCachedConversations = 10_000;

export class ConsentFacts {
  private readonly participantsOf = new Map<string, Participant[]>();
  private readonly preferenceReads = new BatchQueue<string, Y.Doc>((ids) =>
    this.readPreferences(ids),
  );

  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
  ) {}

  /**
   * The preferences documents of these people, as stored now (id → doc; empty when none). Asks
   * made together share one read (the documents too: read them, never change them).
   */
  async preferences(personIds: string[]): Promise<Map<string, Y.Doc>> {
    const docs = await Promise.all(personIds.map((id) => this.preferenceReads.add(id)));
    return new Map(personIds.map((id, i) => [id, docs[i]!]));
  }

  private async readPreferences(personIds: string[]): Promise<Y.Doc[]> {
    const ids = [...new Set(personIds)];
    // One process: the store's copies are the committed state, and no query is needed.
    if (this.store.soleWriter) {
      const docs = new Map(
        await Promise.all(
          ids.map(async (id) => [id, await this.conversation(docName('prefs', id))] as const),
        ),
      );
      return personIds.map((id) => docs.get(id)!);
    }
    const names = ids.map((id) => docName('prefs', id));
    const rows = await this.db
      .select({ doc: docSnapshots.doc, data: docSnapshots.data })
      .from(docSnapshots)
      .where(inArray(docSnapshots.doc, names))
      .unionAll(
        this.db
          .select({ doc: docUpdates.doc, data: docUpdates.data })
          .from(docUpdates)
          .where(inArray(docUpdates.doc, names)),
      );
    const byDoc = new Map<string, Uint8Array[]>();
    for (const row of rows) byDoc.set(row.doc, [...(byDoc.get(row.doc) ?? []), row.data]);
    const docs = new Map(
      ids.map((id) => {
        const doc = new Y.Doc();
        const parts = byDoc.get(docName('prefs', id));
        if (parts) Y.applyUpdate(doc, Y.mergeUpdates(parts));
        return [id, doc];
      }),
    );
    return personIds.map((id) => docs.get(id)!);
  }

  async business(id: string): Promise<BusinessFacts | null> {
    const [row] = await this.db
      .select({ name: businesses.name, status: businesses.status })
      .from(businesses)
      .where(eq(businesses.id, id));
    return row ? { id, name: row.name, suspended: row.status === 'suspended' } : null;
  }

  /** A conversation (head or epoch) or any other document as the store holds it. */
  async conversation(name: string): Promise<Y.Doc> {
    const { update } = await this.store.diff(name, emptyStateVector);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return doc;
  }

  /** A conversation document as committed in the database, whichever process committed it. */
  async storedConversation(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await this.store.readStored(name));
    return doc;
  }

  /** Who is in the conversation `name` belongs to (read from its head once, then remembered). */
  async participants(name: string): Promise<Participant[]> {
    const head = headDocName(name);
    const cached = this.participantsOf.get(head);
    if (cached) return cached;
    const participants = readParticipants(await this.conversation(head));
    if (participants.length === 0) return participants; // not written yet: do not remember
    if (this.participantsOf.size >= maxCachedConversations) this.participantsOf.clear();
    this.participantsOf.set(head, participants);
    return participants;
  }
}
