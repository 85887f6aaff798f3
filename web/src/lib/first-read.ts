/**
 * What the signed-in first screen needs from the device, read with IndexedDB itself: who is signed
 * in and what they chose (`meta`), and the chat list (`chats`, newest first). Dexie (about 30 KB
 * of gzip) loads once that screen is drawn and owns the database from then on; this module only
 * ever reads the stores its schema (db.ts) made, and never creates or upgrades the database.
 */
import type { ChatRow } from './db.ts';

export interface FirstRead {
  /** The `meta` rows asked for that exist, by key. */
  meta: Map<string, unknown>;
  /** Every chat, the most recent first (as the chat list orders them). */
  chats: ChatRow[];
}

const nothing = (): FirstRead => ({ meta: new Map(), chats: [] });

/** The measure the first read leaves (tests/bench/cold-start.ts prints it). */
export const firstReadMeasure = 'souk:first-read';

/** Reads `metaKeys` and the chats of the database `name`; nothing when it does not exist yet. */
export async function readFirstScreen(name: string, metaKeys: string[]): Promise<FirstRead> {
  const started = performance.now();
  try {
    return await read(name, metaKeys);
  } finally {
    performance.measure(firstReadMeasure, { start: started });
  }
}

async function read(name: string, metaKeys: string[]): Promise<FirstRead> {
  const db = await openExisting(name);
  if (!db) return nothing();
  try {
    if (!db.objectStoreNames.contains('meta') || !db.objectStoreNames.contains('chats'))
      return nothing();
    const tx = db.transaction(['meta', 'chats'], 'readonly');
    const meta = tx.objectStore('meta');
    const [rows, chats] = await Promise.all([
      Promise.all(metaKeys.map((key) => request<{ value: unknown } | undefined>(meta.get(key)))),
      request<ChatRow[]>(tx.objectStore('chats').index('lastAt').getAll()),
    ]);
    const found = new Map<string, unknown>();
    rows.forEach((row, i) => row && found.set(metaKeys[i]!, row.value));
    return { meta: found, chats: chats.reverse() };
  } finally {
    db.close();
  }
}

/**
 * The database at its current version, or null if there is none: opening one that does not exist
 * would create it empty, at a version Dexie would then have to upgrade from, so that is aborted.
 */
function openExisting(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(name);
    let absent = false;
    opening.onupgradeneeded = () => {
      absent = true;
      opening.transaction?.abort();
    };
    opening.onsuccess = () => {
      const db = opening.result;
      // Dexie asks for a newer version (an upgrade): let it through.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    opening.onerror = (event) => {
      if (!absent) return reject(opening.error);
      event.preventDefault();
      resolve(null);
    };
    opening.onblocked = () => resolve(null);
  });
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error);
  });
}
