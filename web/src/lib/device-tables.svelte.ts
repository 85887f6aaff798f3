/**
 * The device's tables for the app's state: drawn first from a first read with IndexedDB itself
 * (first-read.ts), so the first screen goes without Dexie (about 30 KB of gzip); Dexie loads once
 * that screen is drawn (or when something needs it sooner) and serves everything after it.
 */
import type { Readable } from 'svelte/store';
import type { SoukDb } from './db.ts';
import { readFirstScreen, type FirstRead } from './first-read.ts';
import { DeviceMeta, firstScreenMeta } from './device-meta.ts';
import { importWhenOnline } from './import-when-online.ts';

export class DeviceTables {
  /** The `meta` rows, from the first read until Dexie is open. */
  readonly meta: DeviceMeta;
  private readonly first: Promise<FirstRead>;
  private firstRead: FirstRead | null = null;
  /** Dexie, once loaded and open. */
  private dexie = $state.raw<SoukDb | null>(null);
  private opening: Promise<typeof import('./db.ts')> | null = null;

  constructor(
    private readonly name: string,
    /** Resolves once the first screen is drawn: Dexie loads then. */
    private readonly drawn: Promise<void>,
  ) {
    this.first = readFirstScreen(name, firstScreenMeta).catch(() => ({
      meta: new Map(),
      chats: [],
    }));
    this.meta = new DeviceMeta(
      this.first.then((read) => read.meta),
      () => this.database(),
      drawn,
    );
    void drawn.then(() => this.database()).catch(() => {}); // a screen asks again
  }

  /** Waits for the first read (the first screen draws from it). */
  async read(): Promise<void> {
    this.firstRead = await this.first;
  }

  /**
   * The chat list as the first read found it (newest first, perhaps only the first page, with the
   * list's summary): `live` shows it until Dexie is open.
   */
  get firstList(): Pick<FirstRead, 'chats' | 'summary'> | undefined {
    return this.firstRead ?? undefined;
  }

  /** Whether Dexie is open (a rune: the screens after the first one wait for it). */
  get open(): boolean {
    return this.dexie !== null;
  }

  /** Dexie, once `open`. */
  get db(): SoukDb {
    if (!this.dexie) throw new Error('the device database is not open yet (await database())');
    return this.dexie;
  }

  /** Dexie, loading it if it is not yet. */
  async database(): Promise<SoukDb> {
    await this.dexieModule();
    return this.dexie!;
  }

  private dexieModule(): Promise<typeof import('./db.ts')> {
    // Offline before the service worker cached it: tried again once back online.
    this.opening ??= importWhenOnline(() => import('./db.ts')).then(
      (module) => {
        const db = module.openDb(this.name);
        this.meta.opened(db);
        this.dexie = db;
        return module;
      },
      (error: unknown) => {
        this.opening = null; // online and still failing (a deploy removed it): asked again later
        throw error;
      },
    );
    return this.opening;
  }

  /**
   * A query of the tables that follows their changes (Dexie's liveQuery) from when Dexie is open
   * (once the first screen is drawn); `first` until then, if given (rows of the first read).
   */
  live<T>(query: (db: SoukDb) => T | Promise<T>, first?: T): Readable<T | undefined> {
    return {
      subscribe: (run) => {
        run(this.dexie ? undefined : first);
        let stopped = false;
        let stop = () => {};
        void this.drawn
          .then(async () => {
            const { liveQuery } = await this.dexieModule();
            if (stopped) return;
            const db = this.dexie!;
            const subscription = liveQuery(() => query(db)).subscribe({
              next: run,
              error: (error: unknown) => console.error(error),
            });
            stop = () => subscription.unsubscribe();
          })
          .catch(() => {}); // Dexie could not load (offline, not cached): the first read stays
        return () => {
          stopped = true;
          stop();
        };
      },
    };
  }
}
