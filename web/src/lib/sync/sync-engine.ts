/**
 * The signed-in device's sync engine: the sync client over the Dexie document store, the
 * projection of conversations into the tables the screens read, receipts, preferences and the
 * template packs. AppState loads this module with `import()` once the signed-in screen is drawn,
 * so the first screen (the sign-in form, or the chat list read from Dexie) goes without Yjs and
 * y-protocols; the service worker precaches the chunk, so it loads offline too.
 */
import type * as Y from 'yjs';
import {
  appendImage,
  appendTemplate,
  appendText,
  epochDocName,
  headDocName,
  latestFromOthers,
  preferenceDefaults,
  raiseReceipt,
  readEpoch,
  readPreferences,
  readProfile,
  setBusinessMessages,
  setReadReceipts,
  setOptIn,
  setBlocked,
  type Template,
  SyncClient,
  termsRequiredMessage,
} from '@souk/sync';
import type { AppState } from '../app-state.svelte.ts';
import { DexieDocStore } from './dexie-doc-store.ts';
import { projectConversation } from './projection.ts';
import { PackStore } from '../templates/pack-store.ts';
import { startPackSync } from '../templates/pack-sync.ts';

export interface ImageMessage {
  url: string;
  thumb: string;
  width: number;
  height: number;
  caption?: string;
}

export class SyncEngine {
  /** Template packs of the businesses this device talks with (its own, in the business app). */
  readonly packs: PackStore;
  private readonly client: SyncClient;
  private readonly watchers = new Set<{ name: string; fn: (doc: Y.Doc) => void }>();
  private readonly projecting = new Map<string, Promise<void>>();
  private readonly stopPacks: () => void;

  constructor(private readonly souk: AppState) {
    const app = souk.app;
    this.packs = new PackStore(souk.db, app);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const client = new SyncClient({
      url: `${scheme}://${location.host}/sync?app=${app}`,
      store: new DexieDocStore(souk.db),
    });
    this.client = client;
    client.on('status', (status) => {
      souk.status = status;
      if (status === 'signed-out') void souk.forget();
    });
    client.on('change', (name, doc, remote) => {
      if (name === this.prefsName) souk.prefs = readPreferences(doc);
      for (const watcher of this.watchers) if (watcher.name === name) watcher.fn(doc);
      if (name.startsWith('profile:')) void this.reprojectChatsWith(name.slice('profile:'.length));
      const head = headDocName(name);
      if (remote && head.startsWith('conv:')) void this.acknowledgeReceipt(head);
      this.project(head);
    });
    client.on('ack', (name) => this.project(headDocName(name)));
    client.on('refused', (name, reason) => {
      souk.notice = reason;
      this.project(headDocName(name));
      // The business gate refused the change (`forbidden`, with its sentence): new terms were
      // published while the app was open. Re-check, and the terms screen shows at once.
      if (reason === termsRequiredMessage) void souk.account?.recheck();
    });
    souk.status = client.status;
    client.start();
    void this.reprojectUnshown();
    this.stopPacks = startPackSync(this.packs, () => this.packOwners());
    if (app === 'personal') {
      void client.open(this.prefsName).then((doc) => (souk.prefs = readPreferences(doc)));
    }
  }

  stop(): void {
    this.stopPacks();
    this.client.stop();
  }

  private get prefsName(): string {
    return `prefs:${this.souk.me?.id ?? ''}`;
  }

  private get readReceipts(): boolean {
    return (this.souk.prefs ?? preferenceDefaults).readReceipts;
  }

  /** Whose template packs this device keeps: its business chats' businesses, or itself. */
  private async packOwners(): Promise<string[]> {
    const me = this.souk.me;
    if (this.souk.app === 'business') return me ? [me.id] : [];
    const chats = await this.souk.db.chats.where('kind').equals('business').toArray();
    return chats.map((chat) => chat.peerId);
  }

  /** Tells the sender a message arrived (✓✓) and, if the chat is on screen, that it was read. */
  private async acknowledgeReceipt(head: string): Promise<void> {
    const me = this.souk.me;
    if (!me) return;
    const epochs = await this.epochs(head);
    const latest = latestFromOthers(epochs, me.id);
    const reading =
      this.souk.openChat === head && document.visibilityState === 'visible' && this.readReceipts;
    raiseReceipt(epochs[0]!, me.id, reading ? { d: latest, r: latest } : { d: latest });
  }

  /** Marks everything in a conversation read (when it is opened or becomes visible). */
  async markRead(head: string): Promise<void> {
    const me = this.souk.me;
    if (!me) return;
    const epochs = await this.epochs(head);
    const latest = latestFromOthers(epochs, me.id);
    // With read receipts off, the sender only learns the message arrived.
    raiseReceipt(epochs[0]!, me.id, this.readReceipts ? { d: latest, r: latest } : { d: latest });
  }

  /** Changes a choice; works offline and reaches the server on reconnect. */
  async choose(choice: 'businessMessages' | 'readReceipts', value: boolean): Promise<void> {
    const doc = await this.open(this.prefsName);
    if (choice === 'businessMessages') setBusinessMessages(doc, value);
    else setReadReceipts(doc, value);
  }

  /** Opts in to (or out of) a business's updates, or blocks it; offline too. */
  async chooseFor(businessId: string, choice: 'optIn' | 'blocked', value: boolean): Promise<void> {
    const doc = await this.open(this.prefsName);
    if (choice === 'optIn') setOptIn(doc, businessId, value);
    else setBlocked(doc, businessId, value);
  }

  /** Calls `fn` with the document now (from the device) and after every change to it. */
  watch(name: string, fn: (doc: Y.Doc) => void): () => void {
    const watcher = { name, fn };
    this.watchers.add(watcher);
    void this.open(name).then((doc) => {
      if (this.watchers.has(watcher)) fn(doc);
    });
    return () => this.watchers.delete(watcher);
  }

  open(name: string): Promise<Y.Doc> {
    // Conversations and preferences come by membership; profiles and announcements only to
    // devices that subscribe (they are re-requested on every reconnect).
    const subscribe = name.startsWith('profile:') || name === 'announcements';
    return this.client.open(name, { subscribe });
  }

  /** A conversation's documents, oldest epoch (the head) first. */
  async epochs(head: string): Promise<Y.Doc[]> {
    const docs = [await this.open(head)];
    const current = readEpoch(docs[0]!);
    for (let epoch = 1; epoch <= current; epoch++)
      docs.push(await this.open(epochDocName(head, epoch)));
    return docs;
  }

  /** Sends a text message into the conversation's current epoch. */
  async send(head: string, text: string): Promise<void> {
    const me = this.souk.me;
    if (!me) return;
    const epochs = await this.epochs(head);
    appendText(epochs.at(-1)!, me.id, text, Date.now(), epochs.slice(-2, -1));
  }

  /** Sends an uploaded photo, with an optional caption. */
  async sendImage(head: string, image: ImageMessage): Promise<void> {
    const me = this.souk.me;
    if (!me) return;
    const epochs = await this.epochs(head);
    appendImage(epochs.at(-1)!, me.id, image, Date.now(), epochs.slice(-2, -1));
  }

  /** Sends a template message: the template's name, version and parameters, and its fallback. */
  async sendTemplate(
    head: string,
    template: Template,
    params: Record<string, string>,
    language?: string,
  ): Promise<void> {
    const me = this.souk.me;
    if (!me) return;
    const epochs = await this.epochs(head);
    appendTemplate(epochs.at(-1)!, me.id, template, params, Date.now(), {
      earlier: epochs.slice(-2, -1),
      language,
    });
  }

  /** Rewrites a conversation's rows, at most one projection of a document at a time. */
  project(name: string): void {
    if (!name.startsWith('conv:') || this.projecting.has(name)) return;
    const run = (async () => {
      await Promise.resolve();
      this.projecting.delete(name);
      const me = this.souk.me;
      if (!me) return;
      const db = this.souk.db;
      const epochs = await this.epochs(name);
      // Counted before the documents are read: every update stored by now is in memory already,
      // so the rows written below show at least these (projected ≥ stored means up to date).
      const names = epochs.map((_, epoch) => epochDocName(name, epoch));
      const counts = (await db.docs.bulkGet(names)).map((row) => row?.stored ?? 0);
      const { chat, messages } = projectConversation(
        name,
        epochs.map((doc, epoch) => ({
          doc,
          serverState: this.client.serverState(epochDocName(name, epoch)),
        })),
        me.id,
      );
      // A business is shown by its profile's current name and ✅, not the name it had when the chat began.
      if (chat?.kind === 'business' && this.souk.app === 'personal') {
        const profile = readProfile(await this.open(`profile:${chat.peerId}`));
        chat.peerLabel = profile.name ?? chat.peerLabel;
        chat.verified = profile.verified === true;
      }
      await db.transaction('rw', db.chats, db.messages, db.docs, async () => {
        await db.messages.where('doc').equals(name).delete();
        await db.messages.bulkPut(messages);
        if (chat) await db.chats.put(chat);
        for (const [i, doc] of names.entries()) await db.docs.update(doc, { projected: counts[i] });
      });
    })();
    this.projecting.set(name, run);
  }

  /**
   * Conversations with updates stored but not projected (the app closed between the two): their
   * rows are written again, so nothing received is missing from the lists after a restart.
   */
  private async reprojectUnshown(): Promise<void> {
    const behind = await this.souk.db.docs
      .filter((row) => (row.stored ?? 0) > (row.projected ?? 0))
      .toArray();
    new Set(behind.map((row) => headDocName(row.name))).forEach((head) => this.project(head));
  }

  private async reprojectChatsWith(peerId: string): Promise<void> {
    const chats = await this.souk.db.chats.filter((chat) => chat.peerId === peerId).toArray();
    chats.forEach((chat) => this.project(chat.doc));
  }
}
