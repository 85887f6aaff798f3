/**
 * The signed-in device's sync engine: the sync client over the Dexie document store, the
 * projection of conversations into the tables the screens read, receipts, preferences, the unsent
 * list and the template packs. It writes into no app state: it emits events (status, the
 * person's preferences, refusals) and AppState decides what they mean for the screens.
 *
 * AppState loads this module with `import()` once the signed-in screen is drawn, so the first
 * screen (the sign-in form, or the chat list read from Dexie) goes without Yjs and y-protocols;
 * the service worker precaches the chunk, so it loads offline too.
 */
import type * as Y from 'yjs';
import {
  appendEveryday,
  type EverydayContent,
  appendImage,
  appendTemplate,
  appendText,
  epochDocName,
  headDocName,
  latestFromOthers,
  preferenceDefaults,
  raiseReceipt,
  readEpoch,
  readContactNames,
  readPreferences,
  readChatControls,
  type ChatControls,
  setSwitch,
  type PreferenceSwitch,
  setOptIn,
  setBlocked,
  Emitter,
  SyncClient,
  type App,
  type ConnectionStatus,
  type Me,
  type Preferences,
  type ReasonCode,
  type Template,
} from '@souk/sync';
import type { SoukDb, UnsentRow } from '../db.ts';
import { HiddenWatch, hiddenIn } from '../actions/hidden-messages.ts';
import { DexieDocStore } from './dexie-doc-store.ts';
import { Projector } from './projector.ts';
import { backfillSearch } from '../search/search-index.ts';
import { PackStore } from '../templates/pack-store.ts';
import { startPackSync } from '../templates/pack-sync.ts';
import { keepUnsent, retryUnsent } from '../unsent/unsent.ts';
import { applyChatControl, type ChatControlChange } from './chat-control-change.ts';
import { ChatPresence } from './chat-presence.ts';

export interface ImageMessage {
  url: string;
  thumb: string;
  width: number;
  height: number;
  caption?: string;
}

export interface EngineDeps {
  app: App;
  db: SoukDb;
  /** Who is signed in: an engine lives for one sign-in. */
  me: Me;
  /** True while this conversation is on screen and the page visible (what arrives is read). */
  reading(head: string): boolean;
}

export interface SyncEngineEvents {
  status(status: ConnectionStatus): void;
  /** The person's choices, from their preferences document (personal app). */
  prefs(prefs: Preferences): void;
  /** Each chat's controls (pin, mute, archive, unread), by conversation id, from the same document. */
  controls(controls: Map<string, ChatControls>): void;
  /** The server refused a change to `name` (rolled back; own messages went to the unsent list). */
  refused(name: string, code: ReasonCode): void;
}

export class SyncEngine extends Emitter<SyncEngineEvents> {
  /** Template packs of the businesses this device talks with (its own, in the business app). */
  readonly packs: PackStore;
  /** Typing, online and last seen in the chat on screen. */
  readonly presence: ChatPresence;
  prefs: Preferences | null = null;
  private readonly client: SyncClient;
  private readonly projector: Projector;
  private readonly watchers = new Set<{ name: string; fn: (doc: Y.Doc) => void }>();
  private stopPacks: () => void = () => {};
  /** The names saved for contacts, as last projected (JSON), to notice when they change. */
  private contacts: string | null = null;
  private readonly hiddenWatch = new HiddenWatch();

  constructor(private readonly deps: EngineDeps) {
    super();
    const { app, db, me } = deps;
    this.packs = new PackStore(db, app);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.client = new SyncClient({
      url: `${scheme}://${location.host}/sync?app=${app}`,
      store: new DexieDocStore(db),
      keepRefused: async (refusal) => void (await keepUnsent(db, refusal, me.id, Date.now())),
    });
    this.presence = new ChatPresence(this.client, (name) => this.open(name), me.id);
    this.projector = new Projector({
      app,
      db,
      me: me.id,
      epochs: (head) => this.epochs(head),
      open: (name) => this.open(name),
      serverState: (name) => this.client.serverState(name),
      ...(app === 'personal'
        ? { hidden: async (head: string) => hiddenIn(await this.open(this.prefsName), head) }
        : {}),
    });
    this.client.on('status', (status) => this.emit('status', status));
    this.client.on('change', (name, doc, remote) => {
      if (name === this.prefsName) {
        this.setPrefs(doc);
        for (const chat of this.hiddenWatch.changed(doc)) this.project(chat);
      }
      for (const watcher of this.watchers) if (watcher.name === name) watcher.fn(doc);
      const profileOf = /^(?:profile|person):(.+)$/.exec(name)?.[1];
      if (profileOf) void this.projector.reprojectChatsWith(profileOf);
      const head = headDocName(name);
      if (remote && head.startsWith('conv:')) void this.acknowledgeReceipt(head);
      this.project(head);
    });
    this.client.on('ack', (name) => this.project(headDocName(name)));
    this.client.on('refused', (name, { code }, doc) => {
      for (const watcher of this.watchers) if (watcher.name === name) watcher.fn(doc);
      this.project(headDocName(name));
      // A profile this person may not read (no chat any more, blocked): nothing to say.
      if (name.startsWith('person:') && code === 'not_readable') return;
      this.emit('refused', name, code);
    });
  }

  /** Connects; call once the listeners are on. */
  start(): void {
    this.emit('status', this.client.status);
    this.client.start();
    void this.projector.reprojectUnshown();
    this.stopPacks = startPackSync(this.packs, () => this.packOwners());
    if (this.deps.app === 'personal') {
      void backfillSearch(this.deps.db);
      void this.client.open(this.prefsName).then((doc) => this.setPrefs(doc));
    }
  }

  stop(): void {
    this.stopPacks();
    this.client.stop();
  }

  private setPrefs(doc: Y.Doc): void {
    // Names saved for contacts changed (on this device or another): the chat list shows them.
    const contacts = JSON.stringify([...readContactNames(doc)]);
    if (contacts !== (this.contacts ?? '[]')) void this.projector.reprojectChatsWith(null);
    this.contacts = contacts;
    this.prefs = readPreferences(doc);
    this.emit('prefs', this.prefs);
    this.emit('controls', readChatControls(doc));
  }

  private get prefsName(): string {
    return `prefs:${this.deps.me.id}`;
  }

  private get readReceipts(): boolean {
    return (this.prefs ?? preferenceDefaults).readReceipts;
  }

  /** Whose template packs this device keeps: its business chats' businesses, or itself. */
  private async packOwners(): Promise<string[]> {
    if (this.deps.app === 'business') return [this.deps.me.id];
    const chats = await this.deps.db.chats.where('kind').equals('business').toArray();
    return chats.map((chat) => chat.peerId);
  }

  /** Tells the sender a message arrived (✓✓) and, if the chat is on screen, that it was read. */
  private async acknowledgeReceipt(head: string): Promise<void> {
    const me = this.deps.me.id;
    const epochs = await this.epochs(head);
    const latest = latestFromOthers(epochs, me);
    const reading = this.deps.reading(head) && this.readReceipts;
    raiseReceipt(epochs[0]!, me, reading ? { d: latest, r: latest } : { d: latest });
  }

  /** Marks everything in a conversation read (when it is opened or becomes visible). */
  async markRead(head: string): Promise<void> {
    const me = this.deps.me.id;
    const epochs = await this.epochs(head);
    const latest = latestFromOthers(epochs, me);
    // With read receipts off, the sender only learns the message arrived.
    raiseReceipt(epochs[0]!, me, this.readReceipts ? { d: latest, r: latest } : { d: latest });
  }

  /** Changes a choice; works offline and reaches the server on reconnect. */
  async choose(choice: PreferenceSwitch, value: boolean): Promise<void> {
    setSwitch(await this.open(this.prefsName), choice, value);
  }

  /** Pins, mutes, archives or marks a chat unread; offline too, on every device of the person's. */
  async control(head: string, change: ChatControlChange): Promise<void> {
    applyChatControl(await this.open(this.prefsName), head, change, Date.now());
  }

  /** Opts in to (or out of) a business's updates, or blocks it; offline too. */
  async chooseFor(businessId: string, choice: 'optIn' | 'blocked', value: boolean): Promise<void> {
    const doc = await this.open(this.prefsName);
    if (choice === 'optIn') setOptIn(doc, businessId, value);
    else setBlocked(doc, businessId, value);
  }

  /** Opts in to a business; resolves once the server has the choice (so a link may count it). */
  async optInConfirmed(businessId: string): Promise<void> {
    const doc = await this.open(this.prefsName);
    if (readPreferences(doc).optIn[businessId] === true) return;
    const acked = new Promise<void>((resolve) => {
      const off = this.client.on('ack', (name) => {
        if (name !== this.prefsName) return;
        off();
        resolve();
      });
    });
    setOptIn(doc, businessId, true);
    await acked;
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
    const subscribe = /^(?:profile|person):/.test(name) || name === 'announcements';
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
    const epochs = await this.epochs(head);
    appendText(epochs.at(-1)!, this.deps.me.id, text, Date.now(), epochs.slice(-2, -1));
  }

  /** Sends an uploaded photo, with an optional caption. */
  async sendImage(head: string, image: ImageMessage): Promise<void> {
    const epochs = await this.epochs(head);
    appendImage(epochs.at(-1)!, this.deps.me.id, image, Date.now(), epochs.slice(-2, -1));
  }

  /** Sends a location, contact card or media message (its content checked before it is written). */
  async sendEveryday(head: string, content: EverydayContent): Promise<void> {
    const epochs = await this.epochs(head);
    appendEveryday(epochs.at(-1)!, this.deps.me.id, content, Date.now(), epochs.slice(-2, -1));
  }

  /** Sends a template message: the template's name, version and parameters, and its fallback. */
  async sendTemplate(
    head: string,
    template: Template,
    params: Record<string, string>,
    language?: string,
  ): Promise<void> {
    const epochs = await this.epochs(head);
    appendTemplate(epochs.at(-1)!, this.deps.me.id, template, params, Date.now(), {
      earlier: epochs.slice(-2, -1),
      language,
    });
  }

  /** Sends an unsent message again, as a new message. */
  async retry(row: UnsentRow): Promise<void> {
    await retryUnsent(this.deps.db, row, await this.epochs(row.doc), Date.now());
  }

  /** Rewrites a conversation's rows (the projection). */
  project(name: string): void {
    this.projector.project(name);
  }
}
