/**
 * Where the consent rules' facts come from, for every send path (sync and HTTP).
 *
 * Several processes may serve one PostgreSQL database, so nothing here trusts memory alone for a
 * fact that can change: a business's status is read from the database on every check, and a
 * person's preferences are kept as parsed copies that every check brings up to date with what
 * was committed since (preference-copies.ts); checks that wait together share one such read.
 * With PGlite there is one process, whose document store and bus see every write. Participants
 * never change once a conversation exists, so they are simply cached. Conversations themselves
 * come from the document store's copy, which the fan-out keeps fresh, or from the database
 * (`storedConversation`) when that matters.
 */
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { headDocName, readParticipants, type Participant } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses } from '../db/schema.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Hub } from '../sync/hub.ts';
import { BatchQueue } from '../db/batch-queue.ts';
import { PreferenceCopies } from './preference-copies.ts';

export interface BusinessFacts {
  id: string;
  name: string;
  suspended: boolean;
}

const emptyStateVector = Y.encodeStateVector(new Y.Doc());
const maxCachedConversations = 10_000;

export class ConsentFacts {
  private readonly participantsOf = new Map<string, Participant[]>();
  private readonly copies: PreferenceCopies;
  private readonly preferenceReads = new BatchQueue<string, Y.Doc>((ids) =>
    this.readPreferences(ids),
  );

  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
    hub: Hub,
  ) {
    this.copies = new PreferenceCopies(db, store, hub);
  }

  /**
   * The preferences documents of these people, as committed now (id → doc; empty when none).
   * Asks made together share one read. The documents are shared: read them, never change them.
   */
  async preferences(personIds: string[]): Promise<Map<string, Y.Doc>> {
    const docs = await Promise.all(personIds.map((id) => this.preferenceReads.add(id)));
    return new Map(personIds.map((id, i) => [id, docs[i]!]));
  }

  private async readPreferences(personIds: string[]): Promise<Y.Doc[]> {
    const ids = [...new Set(personIds)];
    const docs = await this.copies.read(ids);
    const byId = new Map(ids.map((id, i) => [id, docs[i]!]));
    return personIds.map((id) => byId.get(id)!);
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
    const doc = new Y.Doc({ guid: name }); // a guid of its own would draw 31 random numbers
    Y.applyUpdate(doc, update);
    return doc;
  }

  /** A conversation document as committed in the database, whichever process committed it. */
  async storedConversation(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc({ guid: name });
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

  close(): void {
    this.copies.close();
  }
}
