/**
 * The app's state as one rune class, composed of the session (who is signed in, the connection
 * status: session.svelte.ts) and the sync engine (sync/sync-engine.ts: the sync client, Yjs, the
 * projection), which is loaded with `import()` once the signed-in screen is drawn (or a document
 * is needed first), as is Dexie (device-tables.svelte.ts). The engine emits events; this class
 * turns them into what the screens show. The methods here that touch documents wait for it.
 */
import type * as Y from 'yjs';
import {
  SoukError,
  type App,
  type ConnectionStatus,
  type Me,
  type PreferenceSwitch,
  type Template,
  type EverydayContent,
} from '@souk/sync';
import type { ChatControlChange } from './sync/chat-control-change.ts';
import type { SoukDb, UnsentRow } from './db.ts';
import { DeviceTables } from './device-tables.svelte.ts';
import { deviceDbName } from './first-read.ts';
import { call } from './api.ts';
import { meRoute } from './me-route.ts';
import type { BusinessAccount } from './business/account.svelte.ts';
import { Session } from './session.svelte.ts';
import { Choices } from './choices.svelte.ts';
import type { ImageMessage, SyncEngine } from './sync/sync-engine.ts';
import type { PackStore } from './templates/pack-store.ts';
import type { UploadRunner } from './outbox/upload-runner.ts';
import { refusalText } from './unsent/refusal-text.ts';
import { i18n } from './i18n/index.svelte.ts';
import { Toasts } from './ui/toasts.svelte.ts';
import { FirstScreen } from './first-screen.ts';
import { importWhenOnline } from './import-when-online.ts';
import { rememberEnded } from './ended.ts';

export class AppState {
  readonly session: Session;
  ready = $state(false);
  /** The person's choices and each chat's controls, by conversation id (choices.svelte.ts). */
  readonly choices = new Choices();
  /** What just happened, for a few seconds (a refusal's reason; the message itself stays in place). */
  readonly toasts = new Toasts();
  /** Background work (syncing, following documents) waits until the first screen is drawn. */
  readonly firstScreen = new FirstScreen();
  /** The conversation on screen; its incoming messages count as read while the page is visible. */
  openChat = $state<string | null>(null);
  /** The device's tables: a first read, then Dexie (device-tables.svelte.ts). */
  readonly device: DeviceTables;
  /**
   * The business app's standing with the platform (terms, registration), from `init` on; null in
   * the personal app, which never loads its module.
   */
  account = $state<BusinessAccount | null>(null);
  private loading: Promise<SyncEngine> | null = null;
  private uploading: Promise<UploadRunner> | null = null;

  constructor(readonly app: App) {
    this.device = new DeviceTables(deviceDbName(app), this.firstScreen.drawn);
    this.session = new Session(app, this.device.meta);
  }

  /** Dexie, for the screens after the first one (AppShell shows them once it is open). */
  get db(): SoukDb {
    return this.device.db;
  }

  get me(): Me | null {
    return this.session.me;
  }

  get status(): ConnectionStatus {
    return this.session.status;
  }

  /** Loads the cached identity (works offline), then confirms it with the server when online. */
  async init(): Promise<void> {
    await this.device.read();
    if (this.app === 'business') {
      const { BusinessAccount } = await import('./business/account.svelte.ts');
      this.account = new BusinessAccount(this.device.meta);
    }
    // The device's copy of the chat controls: the personal app's only.
    const caching = this.app === 'personal' ? import('./cached-choices.ts') : null;
    await this.session.restore();
    const cache = caching && new (await caching).CachedChoices(this.device.meta, this.choices);
    if (this.me) await cache?.restore(this.me.id);
    if (this.me) await this.account?.refresh();
    this.ready = true;
  }

  async signedIn(me: Me): Promise<void> {
    // A business just signed in may have its onboarding ahead: that chunk loads meanwhile.
    if (this.app === 'business')
      void import('./business/standing-screens.ts').then((screens) => screens.loadOnboarding());
    await this.session.signedIn(me);
    await this.account?.refresh();
  }

  /** Starts syncing once the first screen is drawn (the signed-in screens call this on mount). */
  startSync(): void {
    void this.firstScreen.settled.then(async () => {
      // The chunk may not load although online (a deploy removed it): the next call tries again.
      this.engine().catch(() => {});
      if ((await (await this.device.database()).outbox.count()) > 0) (await this.uploads()).kick();
    });
  }

  /** The upload queue's runner (outbox/upload-runner.ts, with tus): loaded once a file waits. */
  uploads(): Promise<UploadRunner> {
    this.uploading ??= importWhenOnline(() => import('./outbox/upload-runner.ts')).then(
      ({ UploadRunner }) => new UploadRunner(this),
    );
    return this.uploading;
  }

  /** The sync engine, loaded on first use; rejects when no one is signed in. */
  engine(): Promise<SyncEngine> {
    const me = this.me;
    if (!me) return Promise.reject(new Error('not signed in'));
    const reading = (head: string) =>
      this.openChat === head && document.visibilityState === 'visible';
    this.loading ??= Promise.all([
      importWhenOnline(() => import('./sync/sync-engine.ts')),
      this.device.database(),
    ]).then(
      ([{ SyncEngine }, db]) =>
        this.wire(new SyncEngine({ app: this.app, db, me, reading }), me.id),
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** What the engine's events mean for the screens. */
  private wire(engine: SyncEngine, me: string): SyncEngine {
    engine.on('status', (status) => {
      this.session.status = status;
      if (status === 'signed-out') void this.ended();
    });
    engine.on('prefs', (prefs) => this.choices.update(me, { prefs }));
    engine.on('controls', (controls) => this.choices.update(me, { controls }));
    engine.on('refused', (_name, code) => {
      this.toasts.show(refusalText(code, i18n.locale), 'error');
      // New terms were published while the app was open: re-check, and the terms screen shows.
      if (code === 'terms_not_accepted') void this.account?.recheck();
    });
    engine.start();
    return engine;
  }

  /** Template packs of the businesses this device talks with (its own, in the business app). */
  async packs(): Promise<PackStore> {
    return (await this.engine()).packs;
  }

  /** Marks everything in a conversation read (when it is opened or becomes visible). */
  async markRead(head: string): Promise<void> {
    if (!this.me) return;
    const engine = await this.engine();
    await engine.markRead(head);
    // Opened: no longer marked unread by hand either.
    if (this.choices.controls.get(head.slice('conv:'.length))?.markedUnread)
      await engine.control(head, { kind: 'unread', on: false });
  }

  /** Pins, mutes, archives or marks a chat unread (the personal app); offline too. */
  async control(head: string, change: ChatControlChange): Promise<void> {
    await (await this.engine()).control(head, change);
  }

  /** Changes a choice; works offline and reaches the server on reconnect. */
  async choose(choice: PreferenceSwitch, value: boolean): Promise<void> {
    await (await this.engine()).choose(choice, value);
  }

  /** Calls `fn` with the document now (from the device) and after every change to it. */
  watch(name: string, fn: (doc: Y.Doc) => void): () => void {
    let stop: (() => void) | null = null;
    let stopped = false;
    void this.firstScreen.settled
      .then(() => (stopped ? null : this.engine()))
      .then((engine) => {
        if (engine && !stopped) stop = engine.watch(name, fn);
      });
    return () => {
      stopped = true;
      stop?.();
    };
  }

  /** Opts in to (or out of) a business's updates, or blocks it; offline too. */
  async chooseFor(businessId: string, choice: 'optIn' | 'blocked', value: boolean): Promise<void> {
    await (await this.engine()).chooseFor(businessId, choice, value);
  }

  async open(name: string): Promise<Y.Doc> {
    return (await this.engine()).open(name);
  }

  /** A conversation's documents, oldest epoch (the head) first. */
  async epochs(head: string): Promise<Y.Doc[]> {
    return (await this.engine()).epochs(head);
  }

  /** Sends a text message into the conversation's current epoch. */
  async send(head: string, text: string): Promise<void> {
    await (await this.engine()).send(head, text);
  }

  /** Sends an uploaded photo, with an optional caption. */
  async sendImage(head: string, image: ImageMessage): Promise<void> {
    await (await this.engine()).sendImage(head, image);
  }

  /** Sends a location, a contact card or a media message. */
  async sendEveryday(head: string, content: EverydayContent): Promise<void> {
    await (await this.engine()).sendEveryday(head, content);
  }

  /** Sends a template message: the template's name, version and parameters, and its fallback. */
  async sendTemplate(
    head: string,
    template: Template,
    params: Record<string, string>,
    language?: string,
  ): Promise<void> {
    await (await this.engine()).sendTemplate(head, template, params, language);
  }

  /** Sends a refused message again (a new message); refused again, it comes back to the list. */
  async retryUnsent(row: UnsentRow): Promise<void> {
    await (await this.engine()).retry(row);
  }

  /** Starts (or reopens) a chat with a person by phone, or with a business by id. */
  async startChat(who: { phone: string } | { businessId: string }): Promise<string> {
    const { startChatDoc } = await import('./start-chat.ts');
    return this.project(await startChatDoc(this.app, who));
  }

  /** The business starts (or reopens) the chat with one of its opted-in customers. */
  async startCustomerChat(customerId: string): Promise<string> {
    const { customerChatDoc } = await import('./business/customers.ts');
    return this.project(await customerChatDoc(customerId));
  }

  /** Starts (or reopens) the chat with a link's business; the link counts it. */
  async startChatFromLink(handle: string): Promise<string> {
    const { linkChatDoc } = await import('./start-chat.ts');
    return this.project(await linkChatDoc(this.app, handle));
  }

  private async project(doc: string): Promise<string> {
    const engine = await this.engine();
    await engine.open(doc);
    engine.project(doc);
    return doc;
  }

  /** Signs out here: the server forgets the session, the device forgets everything. */
  async signOut(): Promise<void> {
    try {
      await this.session.signOut();
    } finally {
      await this.forget();
    }
  }

  /** The server ended this session: ask it why (the sign-in screen says so), then forget. */
  private async ended(): Promise<void> {
    try {
      await call(this.app, meRoute);
    } catch (error) {
      const reason = error instanceof SoukError ? error.reason : null;
      if (reason) rememberEnded(this.app, reason);
    }
    await this.forget();
  }

  /** Forgets everything on the device (signed out here or by the server) and starts over. */
  async forget(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    this.session.clear();
    (await loading?.catch(() => null))?.stop();
    const db = await this.device.database();
    db.close();
    await db.delete();
    location.assign(this.app === 'business' ? '/business' : '/');
  }
}
