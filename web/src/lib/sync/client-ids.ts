/**
 * One Yjs client id per device and document, kept across reloads (docs/protocol.md, Limits: the
 * server takes at most 64 client ids per identity per document, so a new id on every page load
 * would lock a person out of a chat they read often).
 *
 * Two tabs must never write with one id (the same clock twice: the server keeps the first and
 * takes the second for a resend). So each page holds one of a few slots for as long as it lives,
 * by a Web Lock named after the slot, and writes every document with that slot's id for it, kept
 * in the document's row. One lock per page, not per document: opening a document costs no lock
 * (a catch-up opens hundreds). Pages beyond the slots, and pages without Web Locks (an insecure
 * origin), take a fresh id on every load.
 */
import type { DocRow } from '../db.ts';

/** The part of the Web Locks API used here (`navigator.locks`). */
export interface Locks {
  request(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<unknown>;
}

/** Slots per database: as many as tabs are open on it at once, within reason. */
const slots = 8;

const freshId = (): number => crypto.getRandomValues(new Uint32Array(1))[0]!;

/**
 * Per page (its lock manager): database → the slot the page holds (null: none). Not per store:
 * the app makes a new store when someone signs in again, and the page still holds its lock.
 */
const pages = new WeakMap<object, Map<string, Promise<number | null>>>();

export class ClientIds {
  private readonly slot: Promise<number | null>;
  private held: number | null | undefined;

  constructor(
    database: string,
    locks: Locks | undefined = (globalThis.navigator as { locks?: Locks } | undefined)?.locks,
  ) {
    if (!locks) {
      this.slot = Promise.resolve(null);
      return;
    }
    const page = pages.get(locks) ?? new Map<string, Promise<number | null>>();
    pages.set(locks, page);
    const held = page.get(database) ?? takeSlot(locks, database);
    page.set(database, held);
    this.slot = held;
  }

  /** Waits for the page's slot, so that `of` answers at once (within a transaction). */
  async ready(): Promise<void> {
    this.held = await this.slot;
  }

  /**
   * The id this page writes the document of `row` with, the same on every call and across
   * reloads; `row` gains it when new (the caller stores the row). Call after `ready()`.
   */
  of(row: DocRow): number {
    const slot = this.held;
    if (slot == null) return freshId();
    const ids = (row.slotIds ??= []);
    while (ids.length <= slot) ids.push(freshId());
    return ids[slot]!;
  }
}

/** The first slot whose lock no other page holds, held until the page goes away. */
async function takeSlot(locks: Locks, database: string): Promise<number | null> {
  for (let slot = 0; slot < slots; slot++) {
    const taken = await new Promise<boolean>((resolve) => {
      void locks.request(`souk:yjs-slot:${database}:${slot}`, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        // Held until the page goes away: the callback's promise never settles.
        return lock === null ? undefined : new Promise<void>(() => {});
      });
    });
    if (taken) return slot;
  }
  return null;
}
