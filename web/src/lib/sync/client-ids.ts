/**
 * One Yjs client id per device and document, kept across reloads (docs/protocol.md, Limits: the
 * server takes at most 64 client ids per identity per document, so a new id on every page load
 * would lock a person out of a chat they read often).
 *
 * Two tabs must never write with one id (the same clock twice: the server keeps the first and
 * takes the second for a resend). So a tab uses an id only while it holds a Web Lock named after
 * it, for as long as the page lives; a second tab finds the lock taken and takes another id of
 * the document's pool, or a fresh one it adds to the pool. Without Web Locks (an insecure
 * origin), every load takes a fresh id, as before.
 */
import type { SoukDb } from '../db.ts';

/** The part of the Web Locks API used here (`navigator.locks`). */
export interface Locks {
  request(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<unknown>;
}

/** Ids kept per document: as many as tabs are open on it at once, within reason. */
const poolSize = 8;

const freshId = (): number => crypto.getRandomValues(new Uint32Array(1))[0]!;

/**
 * Per page (its lock manager): database → document → the id the page holds the lock of. Not per
 * store: the app makes a new store when someone signs in again, and the page still holds its locks.
 */
const pages = new WeakMap<object, Map<string, Map<string, number>>>();
const pageWithoutLocks = {};

export class ClientIds {
  private readonly held: Map<string, number>;

  constructor(
    private readonly db: SoukDb,
    private readonly locks: Locks | undefined = (
      globalThis.navigator as { locks?: Locks } | undefined
    )?.locks,
  ) {
    const page = pages.get(locks ?? pageWithoutLocks) ?? new Map<string, Map<string, number>>();
    pages.set(locks ?? pageWithoutLocks, page);
    this.held = page.get(db.name) ?? new Map();
    page.set(db.name, this.held);
  }

  /** The id this page writes `doc` with: the same on every call, and across reloads. */
  async of(doc: string): Promise<number> {
    const held = this.held.get(doc);
    if (held !== undefined) return held;
    if (!this.locks) return this.keep(doc, freshId());
    const pool = (await this.db.docs.get(doc))?.clientIds ?? [];
    for (const id of pool) if (await this.hold(doc, id)) return this.keep(doc, id);
    let id = freshId();
    while (!(await this.hold(doc, id))) id = freshId();
    await this.db.docs
      .where('name')
      .equals(doc)
      .modify((row) => {
        row.clientIds = [...(row.clientIds ?? []), id].slice(-poolSize);
      });
    return this.keep(doc, id);
  }

  private keep(doc: string, id: number): number {
    this.held.set(doc, id);
    return id;
  }

  /** Takes the lock of `id` for the page's lifetime, if no other tab holds it. */
  private hold(doc: string, id: number): Promise<boolean> {
    return new Promise((resolve) => {
      void this.locks!.request(`souk:yjs-client:${doc}:${id}`, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        // Held until the page goes away: the callback's promise never settles.
        return lock === null ? undefined : new Promise<void>(() => {});
      });
    });
  }
}
