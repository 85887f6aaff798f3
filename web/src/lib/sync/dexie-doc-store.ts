/**
 * ClientDocStore over Dexie: each change of a document is appended to `updates` at once (so a
 * message typed offline survives a reload), documents load by merging their updates, and many
 * small updates the server already has are folded into one on load. Updates the server does not
 * have stay one row each, so a refusal can drop exactly them (see sync/src/client/update-log.ts).
 * Folding writes from a garbage-collected document, so content deleted for everyone is not kept:
 * when such a deletion arrives, the log is folded at once (actions/removed-content.ts).
 */
import * as Y from 'yjs';
import { splitLog, type ClientDocStore } from '@souk/sync';
import type { SoukDb } from '../db.ts';
import { ClientIds, type Locks } from './client-ids.ts';
import { WriteQueue } from './write-queue.ts';
import { DocWrites } from './doc-writes.ts';
import { readDocs, type DocRead } from './doc-reads.ts';
import {
  collectedUpdate,
  forgetCachedMedia,
  watchRemovedContent,
} from '../actions/removed-content.ts';

const foldAbove = 50;

export class DexieDocStore implements ClientDocStore {
  private readonly writes = new Set<Promise<unknown>>();
  private readonly current = new Map<string, Y.Doc>();
  private readonly clientIds: ClientIds;
  /** Documents a deletion for everyone reached: folded once the server state covers it. */
  private readonly removals = new Set<string>();
  /** Updates, server states and pending marks, written behind in batches (write-queue.ts). */
  private readonly queue: WriteQueue<DocWrites>;
  /** Documents to open, read in batches like the writes. */
  private readonly reads: WriteQueue<Set<string>, Map<string, DocRead>>;
  /** Each document's server state as last read or saved (the row may not have it yet). */
  private readonly serverStates = new Map<string, Uint8Array | null>();

  constructor(
    private readonly db: SoukDb,
    locks?: Locks,
  ) {
    this.clientIds = locks ? new ClientIds(db.name, locks) : new ClientIds(db.name);
    this.queue = new WriteQueue(
      () => new DocWrites(),
      (batch) => db.transaction('rw', db.updates, db.docs, () => batch.commit(db)),
    );
    this.reads = new WriteQueue(
      () => new Set<string>(),
      (names) => readDocs(db, this.clientIds, names),
    );
  }

  /** Queues a write; saving the cursor and rolling back wait for it. */
  private writeBehind(write: (batch: DocWrites) => void): Promise<unknown> {
    const written = this.queue.add(write);
    this.track(written);
    return written;
  }

  private track(write: Promise<unknown>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  async open(name: string): Promise<Y.Doc> {
    await this.clientIds.ready();
    // Documents asked for while one read runs are read together in the next (doc-reads.ts).
    const read = await this.reads.add((names) => names.add(name));
    const { rows, row } = read.get(name)!;
    if (!this.serverStates.has(name)) this.serverStates.set(name, row.serverState ?? null);
    const doc = new Y.Doc();
    if (rows.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.data)), this);
    // After the stored updates: Yjs gives a document a new id when an update it applies
    // carries changes of its own id that it does not have.
    doc.clientID = row.clientId;
    const saved = this.serverStates.get(name);
    const server = saved ? Y.decodeStateVector(saved) : new Map();
    const { covered } = splitLog(rows, server);
    if (covered.length > foldAbove) await this.fold(name, server);
    // Only the latest copy of a document is stored: one a rollback replaced changes no more.
    this.current.set(name, doc);
    if (name.startsWith('conv:'))
      watchRemovedContent(doc, (media) => {
        if (this.current.get(name) !== doc) return;
        this.removals.add(name);
        this.track(forgetCachedMedia(media).catch(() => undefined));
      });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.current.get(name) === doc) void this.store(name, update);
    });
    return doc;
  }

  /**
   * Folds the updates the server has (`server`) into one, written from a garbage-collected
   * document: fewer rows, and no content of anything removed. The rest stay one row each.
   */
  private async fold(name: string, server: Map<number, number>): Promise<void> {
    await this.db.transaction('rw', this.db.updates, async () => {
      const rows = await this.db.updates.where('doc').equals(name).toArray();
      const { covered } = splitLog(rows, server);
      if (covered.length === 0) return;
      const data = collectedUpdate(covered.map((r) => r.data));
      await this.db.updates.bulkDelete(covered.map((r) => r.id!));
      await this.db.updates.add({ doc: name, data });
    });
  }

  /** Appends an update and counts it, so the projection can tell what it has not shown yet. */
  private store(name: string, update: Uint8Array): Promise<unknown> {
    return this.writeBehind((batch) => batch.append(name, update));
  }

  async rollback(name: string, serverState: Uint8Array): Promise<Y.Doc> {
    await Promise.all(this.writes);
    await this.db.transaction('rw', this.db.updates, async () => {
      const rows = await this.db.updates.where('doc').equals(name).toArray();
      const { uncovered } = splitLog(rows, Y.decodeStateVector(serverState));
      await this.db.updates.bulkDelete(uncovered.map((r) => r.id!));
    });
    return this.open(name);
  }

  async loadServerState(name: string): Promise<Uint8Array | null> {
    const known = this.serverStates.get(name);
    return known !== undefined ? known : ((await this.db.docs.get(name))?.serverState ?? null);
  }

  /** Written behind: resolves at once (losing it in a crash only means sending again). */
  async saveServerState(name: string, stateVector: Uint8Array): Promise<void> {
    this.serverStates.set(name, stateVector);
    void this.writeBehind((batch) => batch.change(name, (row) => (row.serverState = stateVector)));
    // The server sent the removal, so now its state covers it: fold it in (after it is stored).
    if (this.removals.delete(name)) {
      await Promise.all(this.writes);
      await this.fold(name, Y.decodeStateVector(stateVector));
    }
  }

  async pendingDocs(): Promise<string[]> {
    await this.queue.idle();
    return (await this.db.docs.where('pending').equals(1).primaryKeys()) as string[];
  }

  /** Written behind, in order with the updates it is about. */
  async setPending(name: string, pending: boolean): Promise<void> {
    void this.writeBehind((batch) => batch.change(name, (row) => (row.pending = pending ? 1 : 0)));
  }

  async loadCursor(): Promise<string> {
    return ((await this.db.meta.get('cursor'))?.value as string | undefined) ?? '';
  }

  /** Saved only once every update received before it is on disk. */
  async saveCursor(cursor: string): Promise<void> {
    await Promise.all(this.writes);
    await this.db.meta.put({ key: 'cursor', value: cursor });
  }
}
