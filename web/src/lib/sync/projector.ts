/**
 * Keeps the tables the screens read (chats, messages) in step with the conversation documents:
 * a conversation is projected again after every change, one batch of projections at a time,
 * and at start those with stored updates not yet projected are projected again (the app closed
 * between the two), so nothing received is missing from the lists after a restart.
 */
import type * as Y from 'yjs';
import {
  epochDocName,
  headDocName,
  readContactNames,
  readPersonProfile,
  readProfile,
  type App,
} from '@souk/sync';
import type { ChatRow, DocRow, MessageRow, SoukDb } from '../db.ts';
import { changeDocs } from './doc-writes.ts';
import { sameRow, writeRows } from './row-changes.ts';

export interface ProjectorDeps {
  app: App;
  db: SoukDb;
  me: string;
  epochs(head: string): Promise<Y.Doc[]>;
  open(name: string): Promise<Y.Doc>;
  serverState(name: string): Map<number, number>;
  /** The messages of a conversation the person deleted for themselves. */
  hidden?(head: string): Promise<ReadonlySet<string>>;
}

interface Projection {
  name: string;
  chat: ChatRow | null;
  /** The chat row before its peer was named (a rename starts from it). */
  unnamed: ChatRow | null;
  messages: MessageRow[];
  /** Stored updates of each epoch document, counted before the documents were read. */
  counts: Array<[doc: string, stored: number]>;
}

export class Projector {
  /** Conversations changed since their last projection began. */
  private readonly dirty = new Set<string>();
  /** Conversations whose peer's profile (or saved name) changed: their chat is named again. */
  private readonly renames = new Set<string>();
  /** Each conversation's chat row as last written, before its peer was named. */
  private readonly unnamed = new Map<string, ChatRow>();
  private draining: Promise<void> | null = null;
  private chatPeers: Promise<Map<string, Pick<ChatRow, 'kind' | 'peerId'>>> | null = null;

  constructor(private readonly deps: ProjectorDeps) {}

  /**
   * Rewrites a conversation's rows (a no-op for other documents). Conversations changed while a
   * projection is being written wait for it and are written together in the next one: a
   * catch-up of hundreds of chats is a few transactions (and a few redraws), not hundreds.
   */
  project(name: string): Promise<void> {
    if (!name.startsWith('conv:')) return Promise.resolve();
    this.dirty.add(name);
    // Resolves once it is projected (with whatever else changed meanwhile).
    return (this.draining ??= this.drain());
  }

  private async drain(): Promise<void> {
    // Changes of the same task (a frame's several documents) join one batch.
    await Promise.resolve();
    while (this.dirty.size > 0 || this.renames.size > 0) {
      // A conversation changed or never written here is projected whole (and named with it).
      const renames = [...this.renames].filter((name) => !this.dirty.has(name));
      const names = renames.filter((name) => this.unnamed.has(name));
      const batch = [...this.dirty, ...renames.filter((name) => !this.unnamed.has(name))];
      this.dirty.clear();
      this.renames.clear();
      const projections = await Promise.all(batch.map((name) => this.read(name)));
      // One conversation that cannot be written does not hold back the others of its batch.
      await this.write(projections).catch(() =>
        Promise.all(projections.map((one) => this.write([one]).catch(console.error))),
      );
      await this.writeNames(names).catch(console.error);
    }
    this.draining = null;
  }

  private async read(name: string): Promise<Projection | null> {
    try {
      const { db, me } = this.deps;
      const epochs = await this.deps.epochs(name);
      // Counted before the documents are read: every update stored by now is in memory already,
      // so the rows written below show at least these (projected ≥ stored means up to date).
      const names = epochs.map((_, epoch) => epochDocName(name, epoch));
      const rows = await db.docs.bulkGet(names);
      const counts = names.map((doc, i): [string, number] => [doc, rows[i]?.stored ?? 0]);
      // Loaded with the first conversation to project (the engine starts without it).
      const { projectConversation } = await import('./projection-with-actions.ts');
      const { chat, messages } = projectConversation(
        name,
        epochs.map((doc, epoch) => ({
          doc,
          serverState: this.deps.serverState(epochDocName(name, epoch)),
        })),
        me,
        await (this.deps.hidden?.(name) ?? new Set<string>()),
      );
      const unnamed = chat && { ...chat };
      if (chat) await this.namePeer(chat);
      return { name, chat, unnamed, messages, counts };
    } catch (error) {
      console.error(error);
      return null;
    }
  }

  private async write(projections: Array<Projection | null>): Promise<void> {
    const { db, app } = this.deps;
    const { carryTickTimes } = await import('./projection-with-actions.ts');
    const done = projections.filter((one): one is Projection => one !== null);
    const projected = new Map(
      done.flatMap(({ counts }) =>
        counts.map(([doc, stored]) => [doc, [(row: DocRow) => (row.projected = stored)]] as const),
      ),
    );
    await db.transaction('rw', [db.chats, db.messages, db.docs, db.search], async () => {
      // The personal app's search index changes with the rows (edits and deletes too), in the
      // same transaction. (The business app's inbox search reads the rows themselves.) Every
      // conversation of the batch is written by the same few requests.
      const now = Date.now();
      const conversations = done.map(({ name, messages }) => ({
        doc: name,
        rows: messages,
        before: (stored: MessageRow[]) => carryTickTimes(stored, messages, now),
      }));
      await Promise.all([
        writeRows(db, conversations, { index: app === 'personal' }),
        writeChats(
          db,
          done.flatMap(({ chat }) => (chat ? [chat] : [])),
        ),
        changeDocs(db, projected),
      ]);
    });
    const peers = await this.peers();
    for (const { name, chat, unnamed } of done) {
      if (chat) peers.set(name, chat);
      if (unnamed) this.unnamed.set(name, unnamed);
    }
  }

  /**
   * Names chats again from their peers' profiles, as a projection would, without projecting their
   * messages again: a catch-up brings each peer's profile just after the chat was projected.
   */
  private async writeNames(names: string[]): Promise<void> {
    if (names.length === 0) return;
    const chats = await Promise.all(
      names.map(async (name) => {
        const chat = { ...this.unnamed.get(name)! };
        await this.namePeer(chat);
        return chat;
      }),
    );
    const { db } = this.deps;
    await db.transaction('rw', db.chats, () => writeChats(db, chats, { onlyStored: true }));
  }

  /**
   * A business is shown by its profile's current name, photo and ✅, not the name it had when the
   * chat began; a person by the name this person saved for them, else their profile's name, else
   * their number, with their photo when they set one (a profile they may not read stays empty).
   */
  private async namePeer(chat: ChatRow): Promise<void> {
    const { app, me } = this.deps;
    if (chat.kind === 'business' && app === 'personal') {
      const profile = readProfile(await this.deps.open(`profile:${chat.peerId}`));
      chat.peerLabel = profile.name ?? chat.peerLabel;
      chat.verified = profile.verified === true;
      if (profile.photo) chat.peerPhoto = profile.photo;
      return;
    }
    const person = readPersonProfile(await this.deps.open(`person:${chat.peerId}`));
    const saved =
      app === 'personal'
        ? readContactNames(await this.deps.open(`prefs:${me}`)).get(chat.peerId)
        : undefined;
    chat.peerPhone = chat.peerLabel;
    chat.peerLabel = saved ?? person.name ?? chat.peerLabel;
    if (person.photo) chat.peerPhoto = person.photo;
  }

  /** Projects again the conversations with updates stored but not projected. */
  async reprojectUnshown(): Promise<void> {
    const behind = await this.deps.db.docs
      .filter((row) => (row.stored ?? 0) > (row.projected ?? 0))
      .toArray();
    new Set(behind.map((row) => headDocName(row.name))).forEach((head) => void this.project(head));
  }

  /** Names again the chats with a peer (its profile changed), or with every person (`null`). */
  async reprojectChatsWith(peerId: string | null): Promise<void> {
    const peers = await this.peers();
    for (const [doc, chat] of peers)
      if (peerId === null ? chat.kind === 'private' : chat.peerId === peerId) {
        this.renames.add(doc);
        this.draining ??= this.drain();
      }
    await this.draining;
  }

  /**
   * Each stored chat's peer, read once and then kept by the projections: a catch-up brings a
   * profile per chat, and reading every chat for each would cost the square of their number.
   */
  private peers(): Promise<Map<string, Pick<ChatRow, 'kind' | 'peerId'>>> {
    this.chatPeers ??= this.deps.db.chats
      .toArray()
      .then((chats) => new Map(chats.map(({ doc, kind, peerId }) => [doc, { kind, peerId }])));
    return this.chatPeers;
  }
}

/**
 * Writes the chat rows that differ from those stored (one read, one write for them all);
 * `onlyStored` leaves out the chats not stored (a rename of a chat gone meanwhile).
 */
async function writeChats(
  db: SoukDb,
  chats: readonly ChatRow[],
  { onlyStored = false } = {},
): Promise<void> {
  if (chats.length === 0) return;
  const stored = await db.chats.bulkGet(chats.map((chat) => chat.doc));
  const changed = chats.filter((chat, i) => (stored[i] ? !sameRow(stored[i], chat) : !onlyStored));
  if (changed.length > 0) await db.chats.bulkPut(changed);
}
