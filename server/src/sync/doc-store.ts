/**
 * The document store: keeps documents in memory on demand and runs each document's updates one at
 * a time (a promise chain per conversation), so each is validated against exactly the state it will
 * apply to. The commit log (commit-log.ts) validates, numbers and commits; only then does the store
 * apply, acknowledge and announce. Storage is doc-storage.ts; which epoch may be written, epochs.ts.
 * Every write comes through `apply` (submit/submit.ts is its only caller).
 */
import * as Y from 'yjs';
import {
  conversationParts,
  platformActor,
  headDocName,
  parseDocName,
  type Actor,
  type Reason,
  type MediaLookup,
} from '@souk/sync';
import type { Database, Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Hub } from './hub.ts';
import { CommitLog, type AlsoCommit, type MemberGrant } from './commit-log.ts';
import { conversationJob, queueOf } from './conversation-job.ts';
import type { ReceiveStamp } from '../submit/receive-times.ts';
import {
  bindClient,
  catchUp,
  currentSeq,
  loadDoc,
  readMembers,
  readStoredDoc,
  replaceWithSnapshot,
  type Loaded,
} from './doc-storage.ts';
import { hasStarted } from './epochs.ts';

export { readUpdate } from './doc-storage.ts';
export type { MemberGrant } from './commit-log.ts';

export interface DocStoreOptions {
  /** Fold a document's updates into a snapshot once it has this many rows after the last one. */
  compactAfter: number;
}

export interface ApplyOptions {
  /** The socket that sent the update: the fan-out skips it. */
  origin?: object;
  /** Told once the update is committed, before it is published. */
  acknowledge?: (stateVector: Uint8Array) => void;
  members?: MemberGrant;
  /** Records the server's receive time of each new message, in the same commit. */
  stamp?: ReceiveStamp;
  /** Built by the server with its own client id (submit.ts): outside the client-id allowance. */
  serverBuilt?: boolean;
  /** Whose each media id the update names is (the validator's media rule). */
  media?: MediaLookup;
  alsoCommit?: AlsoCommit; // commit-log.ts
}

/** `messages`: how many a conversation document holds now (0 for others); `bytes`: about its size. */
export type ApplyResult =
  | { kind: 'stored'; seq: number; stateVector: Uint8Array; messages: number; bytes: number }
  | { kind: 'duplicate'; stateVector: Uint8Array }
  | { kind: 'refused'; reason: Reason };

export class DocStore {
  private readonly loaded = new Map<string, Loaded>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly membersCache = new Map<string, Set<string>>();
  private readonly unsubscribe: () => void;
  private readonly log: CommitLog;

  constructor(
    private readonly database: Database,
    private readonly hub: Hub,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DocStoreOptions = { compactAfter: 500 },
  ) {
    this.log = new CommitLog(database, clock);
    // Updates committed by other processes keep cached copies fresh (Yjs applies idempotently).
    this.unsubscribe = hub.subscribe((event) => {
      const entry = this.loaded.get(event.doc);
      if (entry) Y.applyUpdate(entry.doc, event.update, 'hub');
    });
  }

  /** The database (for reads beside the documents: who has a conversation with whom). */
  get db(): Db {
    return this.database.db;
  }

  /**
   * Runs `task` after every earlier task of the same document — for conversations, of any of its
   * epochs: a conversation's rules reach across them (ids unique, tombstones, late writes).
   */
  private serialize<T>(doc: string, task: () => Promise<T>): Promise<T> {
    const name = queueOf(doc);
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => {});
    this.queues.set(name, settled);
    void settled.then(() => {
      if (this.queues.get(name) === settled) this.queues.delete(name);
    });
    return next;
  }

  private async load(name: string, db: Db = this.db): Promise<Loaded> {
    const cached = this.loaded.get(name);
    if (cached) {
      cached.lastUsed = this.clock.now();
      return cached;
    }
    const entry = await loadDoc(db, name, this.clock.now());
    this.loaded.set(name, entry);
    return entry;
  }

  /** Validates and commits an update; applies, acknowledges and announces it only after that. */
  apply(
    name: string,
    update: Uint8Array,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<ApplyResult> {
    const parsed = parseDocName(name);
    if (!parsed) return Promise.resolve({ kind: 'refused', reason: { code: 'unknown_document' } });
    const { members, stamp } = options;
    if (members && actor.kind !== 'platform')
      throw new Error('only the platform grants membership');
    return this.serialize(name, async () => {
      const entry = await this.load(name);
      if (!(await hasStarted(this.db, name, parsed, entry)))
        return { kind: 'refused', reason: { code: 'epoch_not_started' } };
      const conversation = conversationJob(name, parsed, (doc, db) => this.load(doc, db));
      await conversation?.extend(this.db);
      const serverBuilt = options.serverBuilt ?? false;
      const media = options.media ? { media: options.media } : {};
      const job = { name, parsed, entry, update, actor, members, serverBuilt, conversation, stamp };
      const outcome = await this.log.commit({ ...job, ...media, alsoCommit: options.alsoCommit });
      if (outcome.kind === 'refused') return outcome;
      members?.ids.forEach((m) => this.membersCache.get(members.doc)?.add(m));
      if (outcome.kind === 'duplicate')
        return { kind: 'duplicate', stateVector: Y.encodeStateVector(entry.doc) };
      outcome.newClients.forEach((clientId) =>
        bindClient(entry, { clientId, identityId: actor.id, byServer: serverBuilt }),
      );
      outcome.platformClients.forEach((clientId) =>
        bindClient(entry, { clientId, identityId: platformActor.id, byServer: true }),
      );
      const stored = { update: outcome.update, ...(outcome.stamp ? { echo: outcome.stamp } : {}) };
      const stateVector = this.afterCommit(name, entry, outcome.seq, stored, options);
      const messages = parsed.kind === 'conv' ? conversationParts(entry.doc).messages.length : 0;
      return { kind: 'stored', seq: outcome.seq, stateVector, messages, bytes: entry.bytes };
    });
  }

  /** A copy of the document as this store holds it (a server-side write is built on one). */
  copy(name: string): Promise<Y.Doc> {
    return this.serialize(name, async () => {
      const copy = new Y.Doc({ guid: name }); // a guid of its own would draw 31 random numbers
      Y.applyUpdate(copy, Y.encodeStateAsUpdate((await this.load(name)).doc));
      return copy;
    });
  }

  /** `echo`: what the sender lacks of the stored update (the server's receive times). */
  private afterCommit(
    name: string,
    entry: Loaded,
    seq: number,
    { update, echo }: { update: Uint8Array; echo?: Uint8Array },
    { origin, acknowledge }: ApplyOptions,
  ): Uint8Array {
    Y.applyUpdate(entry.doc, update, 'store');
    entry.seq = Math.max(entry.seq, seq);
    entry.bytes += update.length;
    const stateVector = Y.encodeStateVector(entry.doc);
    acknowledge?.(stateVector);
    this.hub.publish({
      doc: name,
      seq,
      update,
      ...(origin ? { origin, ...(echo ? { echo } : {}) } : {}),
    });
    if (++entry.rowsSinceSnapshot >= this.options.compactAfter) {
      entry.rowsSinceSnapshot = 0;
      void this.compact(name).catch((error: unknown) =>
        this.logger.error({ err: error, doc: name }, 'compaction failed'),
      );
    }
    return stateVector;
  }

  /**
   * Folds a document's stored updates into one snapshot and deletes them, in one transaction.
   * Runs in the document's queue, so the snapshot is exactly the rows up to its sequence number.
   */
  compact(name: string): Promise<void> {
    return this.serialize(name, async () => {
      const entry = await this.load(name);
      await this.db.transaction(async (tx) => {
        await this.log.lockAndRefresh(tx, [{ name, entry }]);
        await replaceWithSnapshot(tx, name, entry.seq, Y.encodeStateAsUpdate(entry.doc));
      });
      entry.rowsSinceSnapshot = 0;
    });
  }

  /** What a device with `stateVector` lacks, and the server's own state vector. */
  async diff(
    name: string,
    stateVector: Uint8Array,
  ): Promise<{ update: Uint8Array; stateVector: Uint8Array }> {
    return this.serialize(name, async () => {
      const { doc } = await this.load(name);
      return {
        update: Y.encodeStateAsUpdate(doc, stateVector),
        stateVector: Y.encodeStateVector(doc),
      };
    });
  }

  /** The document's state vector as this store holds it. */
  stateVector(name: string): Promise<Uint8Array> {
    return this.serialize(name, async () => Y.encodeStateVector((await this.load(name)).doc));
  }

  /** Who receives the document's updates (an epoch's are its head's). */
  async members(name: string): Promise<Set<string>> {
    const head = headDocName(name);
    if (head !== name) return this.members(head);
    const cached = this.membersCache.get(name);
    if (cached) return cached;
    const members = await readMembers(this.db, name, parseDocName(name));
    this.membersCache.set(name, members);
    return members;
  }

  /** The document as stored in the database (snapshot and rows), bypassing the memory cache. */
  readStored(name: string): Promise<Uint8Array> {
    return readStoredDoc(this.db, name);
  }

  /** The last allocated (hence committed) sequence number. */
  currentSeq(): Promise<number> {
    return currentSeq(this.db);
  }

  /** Everything that changed since `cursor` in this identity's documents (doc-storage.ts). */
  catchUp(identityId: string, cursor: number) {
    return catchUp(this.db, identityId, cursor);
  }

  /** Drops documents nobody touched for `idleMs` from memory. */
  unloadIdle(idleMs: number): number {
    const cutoff = this.clock.now() - idleMs;
    let unloaded = 0;
    for (const [name, entry] of this.loaded) {
      if (entry.lastUsed < cutoff && !this.queues.has(queueOf(name))) {
        entry.doc.destroy();
        this.loaded.delete(name);
        this.membersCache.delete(name);
        unloaded++;
      }
    }
    return unloaded;
  }

  /**
   * Whether every write to the database goes through this store (PGlite: one process), so its
   * copies are as fresh as the database. With PostgreSQL another process may have written.
   */
  get soleWriter(): boolean {
    return this.database.kind === 'pglite';
  }

  /** The names of the documents in memory. */
  get loadedNames(): string[] {
    return [...this.loaded.keys()];
  }

  get loadedCount(): number {
    return this.loaded.size;
  }

  /**
   * Resolves once no task of any document is running or waiting (graceful shutdown): every
   * write runs in its document's queue, so the queues are all there is to wait for. A queue
   * leaves the map when its last task settled.
   */
  async drain(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  close(): void {
    this.unsubscribe();
  }
}
