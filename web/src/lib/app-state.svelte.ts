/**
 * The personal app's state as one rune class: who is signed in, the sync client, the
 * connection status, and the wiring that keeps the projected tables and receipts up to date.
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
  type Preferences,
  type Template,
  SyncClient,
  type App,
  type ConnectionStatus,
  type Me,
} from '@souk/sync';
import { openDb, type SoukDb } from './db.ts';
import { DexieDocStore } from './sync/dexie-doc-store.ts';
import { projectConversation } from './sync/projection.ts';
import { api } from './api.ts';
import { BusinessAccount } from './business/account.svelte.ts';
import { PackStore } from './templates/pack-store.ts';
import { startPackSync } from './templates/pack-sync.ts';

export class AppState {
  me = $state<Me | null>(null);
  status = $state<ConnectionStatus>('offline');
  ready = $state(false);
  /** The person's choices (business messages, read receipts), from their preferences document. */
  prefs = $state<Preferences>({ ...preferenceDefaults, optIn: {}, blocked: {} });
  /** A refusal from the server to show the person (the change was rolled back). */
  notice = $state<string | null>(null);
  /** The conversation on screen; its incoming messages count as read while the page is visible. */
  openChat = $state<string | null>(null);
  readonly db: SoukDb;
  /** The business app's standing with the platform (terms, registration); null in the personal app. */
  readonly account: BusinessAccount | null;
  /** Template packs of the businesses this device talks with (its own, in the business app). */
  readonly packs: PackStore;
  private client: SyncClient | null = null;
  private readonly watchers = new Set<{ name: string; fn: (doc: Y.Doc) => void }>();
  private store: DexieDocStore;
  private readonly projecting = new Map<string, Promise<void>>();

  constructor(readonly app: App) {
    this.db = openDb(app === 'business' ? 'souk-business' : 'souk-personal');
    this.store = new DexieDocStore(this.db);
    this.account = app === 'business' ? new BusinessAccount(this.db) : null;
    this.packs = new PackStore(this.db, app);
  }

  /** Loads the cached identity (works offline), then confirms it with the server when online. */
  async init(): Promise<void> {
    this.me = ((await this.db.meta.get('me'))?.value as Me | undefined) ?? null;
    if (!this.me) {
      try {
        await this.signedIn(await api<Me>(this.app, '/me'));
      } catch {
        // not signed in, or offline on a new device: the sign-in screen shows
      }
    }
    if (this.me) this.startSync();
    if (this.me) await this.account?.refresh();
    this.ready = true;
  }

  async signedIn(me: Me): Promise<void> {
    await this.db.meta.put({ key: 'me', value: me });
    this.me = me;
    this.startSync();
    await this.account?.refresh();
  }

  private startSync(): void {
    if (this.client) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const client = new SyncClient({
      url: `${scheme}://${location.host}/sync?app=${this.app}`,
      store: this.store,
    });
    this.client = client;
    client.on('status', (status) => {
      this.status = status;
      if (status === 'signed-out') void this.forget();
    });
    client.on('change', (name, doc, remote) => {
      if (name === this.prefsName) this.prefs = readPreferences(doc);
      for (const watcher of this.watchers) if (watcher.name === name) watcher.fn(doc);
      if (name.startsWith('profile:')) void this.reprojectChatsWith(name.slice('profile:'.length));
      const head = headDocName(name);
      if (remote && head.startsWith('conv:')) void this.acknowledgeReceipt(head);
      this.project(head);
    });
    client.on('ack', (name) => this.project(headDocName(name)));
    client.on('refused', (name, reason) => {
      this.notice = reason;
      this.project(headDocName(name));
    });
    this.status = client.status;
    client.start();
    startPackSync(this.packs, () => this.packOwners());
    if (this.app === 'personal') {
      void client.open(this.prefsName).then((doc) => (this.prefs = readPreferences(doc)));
    }
  }

  /** Whose template packs this device keeps: its business chats' businesses, or itself. */
  private async packOwners(): Promise<string[]> {
    if (this.app === 'business') return this.me ? [this.me.id] : [];
    const chats = await this.db.chats.where('kind').equals('business').toArray();
    return chats.map((chat) => chat.peerId);
  }

  /** Tells the sender a message arrived (✓✓) and, if the chat is on screen, that it was read. */
  private async acknowledgeReceipt(head: string): Promise<void> {
    const me = this.me;
    if (!me) return;
    const epochs = await this.epochs(head);
    const latest = latestFromOthers(epochs, me.id);
    const reading =
      this.openChat === head && document.visibilityState === 'visible' && this.prefs.readReceipts;
    raiseReceipt(epochs[0]!, me.id, reading ? { d: latest, r: latest } : { d: latest });
  }

  /** Marks everything in a conversation read (when it is opened or becomes visible). */
  async markRead(head: string): Promise<void> {
    const me = this.me;
    if (!me || !this.client) return;
    const epochs = await this.epochs(head);
    const latest = latestFromOthers(epochs, me.id);
    // With read receipts off, the sender only learns the message arrived.
    raiseReceipt(
      epochs[0]!,
      me.id,
      this.prefs.readReceipts ? { d: latest, r: latest } : { d: latest },
    );
  }

  private get prefsName(): string {
    return `prefs:${this.me?.id ?? ''}`;
  }

  /** Changes a choice; works offline and reaches the server on reconnect. */
  async choose(choice: 'businessMessages' | 'readReceipts', value: boolean): Promise<void> {
    const doc = await this.open(this.prefsName);
    if (choice === 'businessMessages') setBusinessMessages(doc, value);
    else setReadReceipts(doc, value);
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

  /** Opts in to (or out of) a business's updates, or blocks it; offline too. */
  async chooseFor(businessId: string, choice: 'optIn' | 'blocked', value: boolean): Promise<void> {
    const doc = await this.open(this.prefsName);
    if (choice === 'optIn') setOptIn(doc, businessId, value);
    else setBlocked(doc, businessId, value);
  }

  async open(name: string): Promise<Y.Doc> {
    if (!this.client) throw new Error('not signed in');
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
    const me = this.me;
    if (!me) return;
    const epochs = await this.epochs(head);
    appendText(epochs.at(-1)!, me.id, text, Date.now(), epochs.slice(-2, -1));
  }

  /** Sends an uploaded photo, with an optional caption. */
  async sendImage(
    head: string,
    image: { url: string; thumb: string; width: number; height: number; caption?: string },
  ): Promise<void> {
    const me = this.me;
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
    const me = this.me;
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
      const me = this.me;
      if (!me || !this.client) return;
      const client = this.client;
      const epochs = await this.epochs(name);
      const { chat, messages } = projectConversation(
        name,
        epochs.map((doc, epoch) => ({
          doc,
          serverState: client.serverState(epochDocName(name, epoch)),
        })),
        me.id,
      );
      // A business is shown by its profile's current name and ✅, not the name it had when the chat began.
      if (chat?.kind === 'business' && this.app === 'personal') {
        const profile = readProfile(await this.open(`profile:${chat.peerId}`));
        chat.peerLabel = profile.name ?? chat.peerLabel;
        chat.verified = profile.verified === true;
      }
      await this.db.transaction('rw', this.db.chats, this.db.messages, async () => {
        await this.db.messages.where('doc').equals(name).delete();
        await this.db.messages.bulkPut(messages);
        if (chat) await this.db.chats.put(chat);
      });
    })();
    this.projecting.set(name, run);
  }

  private async reprojectChatsWith(peerId: string): Promise<void> {
    const chats = await this.db.chats.filter((chat) => chat.peerId === peerId).toArray();
    chats.forEach((chat) => this.project(chat.doc));
  }

  /** Starts (or reopens) a chat with a person by phone, or with a business by id. */
  async startChat(phone: string): Promise<string> {
    return this.openChatWith({ phone });
  }

  async startBusinessChat(businessId: string): Promise<string> {
    return this.openChatWith({ businessId });
  }

  private async openChatWith(who: { phone: string } | { businessId: string }): Promise<string> {
    const { doc } = await api<{ doc: string }>(this.app, '/chats', { body: who });
    await this.open(doc);
    this.project(doc);
    return doc;
  }

  /** Signs out here: the server forgets the session, the device forgets everything. */
  async signOut(): Promise<void> {
    try {
      await api(this.app, '/auth/sign-out', { body: {} });
    } finally {
      await this.forget();
    }
  }

  private async forget(): Promise<void> {
    this.client?.stop();
    this.client = null;
    this.me = null;
    this.db.close();
    await this.db.delete();
    location.assign(this.app === 'business' ? '/business' : '/');
  }
}
