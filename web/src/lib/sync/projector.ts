/**
 * Keeps the tables the screens read (chats, messages) in step with the conversation documents:
 * a conversation is projected again after every change, at most one projection of it at a time,
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
import type { ChatRow, SoukDb } from '../db.ts';
import { indexConversation } from '../search/search-index.ts';

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

export class Projector {
  private readonly projecting = new Map<string, Promise<void>>();

  constructor(private readonly deps: ProjectorDeps) {}

  /** Rewrites a conversation's rows (a no-op for other documents). */
  project(name: string): void {
    if (!name.startsWith('conv:') || this.projecting.has(name)) return;
    const run = (async () => {
      await Promise.resolve();
      this.projecting.delete(name);
      await this.write(name);
    })();
    this.projecting.set(name, run);
  }

  private async write(name: string): Promise<void> {
    const { db, me } = this.deps;
    const epochs = await this.deps.epochs(name);
    // Counted before the documents are read: every update stored by now is in memory already,
    // so the rows written below show at least these (projected ≥ stored means up to date).
    const names = epochs.map((_, epoch) => epochDocName(name, epoch));
    const counts = (await db.docs.bulkGet(names)).map((row) => row?.stored ?? 0);
    // Loaded with the first conversation to project (the engine starts without it).
    const { projectConversation, carryTickTimes } = await import('./projection-with-actions.ts');
    const { chat, messages } = projectConversation(
      name,
      epochs.map((doc, epoch) => ({
        doc,
        serverState: this.deps.serverState(epochDocName(name, epoch)),
      })),
      me,
      await (this.deps.hidden?.(name) ?? new Set<string>()),
    );
    if (chat) await this.namePeer(chat);
    // The personal app's search index changes with the rows (edits and deletes too), in the
    // same transaction. (The business app's inbox search reads the rows themselves.)
    await db.transaction('rw', [db.chats, db.messages, db.docs, db.search], async () => {
      const previous = await db.messages.where('doc').equals(name).toArray();
      carryTickTimes(previous, messages, Date.now());
      await db.messages.where('doc').equals(name).delete();
      await db.messages.bulkPut(messages);
      if (this.deps.app === 'personal') await indexConversation(db, name, messages);
      if (chat) await db.chats.put(chat);
      for (const [i, doc] of names.entries()) await db.docs.update(doc, { projected: counts[i] });
    });
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
    new Set(behind.map((row) => headDocName(row.name))).forEach((head) => this.project(head));
  }

  /** Projects again the chats with a peer (its profile changed), or with every person (`null`). */
  async reprojectChatsWith(peerId: string | null): Promise<void> {
    const chats = await this.deps.db.chats
      .filter((chat) => (peerId === null ? chat.kind === 'private' : chat.peerId === peerId))
      .toArray();
    chats.forEach((chat) => this.project(chat.doc));
  }
}
