/**
 * The device's `meta` rows as the first screens use them (who is signed in, the person's cached
 * choices, the business's standing): read from the first read (first-read.ts) until Dexie is
 * open, then from Dexie; other rows and every write go to Dexie, loading it if need be.
 */
import type { SoukDb } from './db.ts';

/** The rows the first screens read before Dexie is loaded. */
export const firstScreenMeta = ['me', 'business', 'choices'];

export class DeviceMeta {
  private db: SoukDb | null = null;
  /** The last write, which a read through Dexie waits for. */
  private writes = Promise.resolve();
  /** Resolves once Dexie is open, whatever opened it. */
  private readonly isOpen: Promise<void>;
  private markOpen = () => {};

  constructor(
    /** The rows read before Dexie, kept up to date by `put` until it is open. */
    private readonly first: Promise<Map<string, unknown>>,
    private readonly database: () => Promise<SoukDb>,
    /** Writes to rows the first read covers wait for it: Dexie loads after the first screen. */
    private readonly firstScreenDrawn: Promise<void>,
  ) {
    this.isOpen = new Promise((resolve) => (this.markOpen = resolve));
  }

  /** Dexie is open: read from it from now on. */
  opened(db: SoukDb): void {
    this.db = db;
    this.markOpen();
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (!this.db && firstScreenMeta.includes(key)) return (await this.first).get(key) as T;
    // Any other row waits for Dexie, which loads once the first screen is drawn: nothing the first
    // screen waits for (AppState.init) may read one.
    let db = this.db;
    if (!db) {
      await this.firstScreenDrawn;
      db = await this.database();
    }
    await this.writes; // a write begun before Dexie was open is read back
    return (await db.meta.get(key))?.value as T | undefined;
  }

  /**
   * Writes a row. One the first read covers, written before the first screen is drawn, is written
   * to Dexie once it is (the first screen may be waiting for this call), or as soon as something
   * else opened Dexie (a deep link does at once): reads through Dexie wait for the write, and the
   * first screen may read another row through it meanwhile.
   */
  async put(key: string, value: unknown): Promise<void> {
    const early = !this.db && firstScreenMeta.includes(key);
    if (early) (await this.first).set(key, value);
    const write = (early ? Promise.race([this.firstScreenDrawn, this.isOpen]) : Promise.resolve())
      .then(this.database)
      .then((db) => db.meta.put({ key, value }));
    this.writes = write.then(
      () => {},
      (error: unknown) => console.error(error),
    );
    if (!early) await write;
  }
}
