/**
 * What the signed-in first screen needs from the device, read with IndexedDB itself: who is signed
 * in and what they chose (`meta`), and the chat list's first page (`chats`, newest first). Dexie
 * (about 30 KB of gzip) loads once that screen is drawn and owns the database from then on; this
 * module only ever reads the stores its schema (db.ts) made, and never creates or upgrades the
 * database.
 */
import type { ChatRow } from './db.ts';
import { chatListSummaryKey, type ChatListSummary } from './components/chat-list-summary.ts';

export interface FirstRead {
  /** The `meta` rows asked for that exist, by key. */
  meta: Map<string, unknown>;
  /**
   * The most recent chats first (as the chat list orders them): with a summary, the newest
   * `firstPage` and the pinned ones it names; without one, every chat.
   */
  chats: ChatRow[];
  /** What the chat list last worked out from every chat (chat-list-summary.ts), if it has. */
  summary?: ChatListSummary;
}

/** Chats the first read takes when the list's summary lets it skip the rest (a page and more). */
export const firstPage = 60;

const nothing = (): FirstRead => ({ meta: new Map(), chats: [] });

/** The measures the first read leaves, whole and its opening of the database (cold-start.ts prints them). */
export const firstReadMeasure = 'souk:first-read';
const openMeasure = 'souk:first-read-open';

/** The device database of each app. */
export const deviceDbName = (app: 'personal' | 'business') =>
  app === 'business' ? 'souk-business' : 'souk-personal';

/** Reads begun before the app asked for them (`startFirstRead`), by database name. */
const early = new Map<string, { keys: string; read: Promise<FirstRead> }>();

/**
 * Starts the first read of `name` as the app's code loads (hooks.client.ts), so that it is done by
 * the time the app, once its first screen's code has loaded, asks for it with `readFirstScreen`.
 */
export function startFirstRead(name: string, metaKeys: string[]): void {
  const read = measuredRead(name, metaKeys);
  read.catch(() => {}); // the app's own call sees the failure
  early.set(name, { keys: metaKeys.join(), read });
}

/** Reads `metaKeys` and the chats of the database `name`; nothing when it does not exist yet. */
export function readFirstScreen(name: string, metaKeys: string[]): Promise<FirstRead> {
  const begun = early.get(name);
  early.delete(name); // taken once: a later read (after signing out) reads afresh
  return begun?.keys === metaKeys.join() ? begun.read : measuredRead(name, metaKeys);
}

async function measuredRead(name: string, metaKeys: string[]): Promise<FirstRead> {
  const started = performance.now();
  try {
    return await read(name, metaKeys);
  } finally {
    performance.measure(firstReadMeasure, { start: started });
  }
}

async function read(name: string, metaKeys: string[]): Promise<FirstRead> {
  const opening = performance.now();
  const db = await openExisting(name);
  performance.measure(openMeasure, { start: opening });
  if (!db) return nothing();
  try {
    if (!db.objectStoreNames.contains('meta') || !db.objectStoreNames.contains('chats'))
      return nothing();
    const tx = db.transaction(['meta', 'chats'], 'readonly');
    const meta = tx.objectStore('meta');
    const chats = tx.objectStore('chats');
    const metaRow = (key: string) =>
      request<{ value: unknown } | undefined>(meta.get(key)).then((row) => row?.value);
    // Asked at once with the newest page: most devices have a summary, so that page is enough.
    const [values, summary, newest] = await Promise.all([
      Promise.all(metaKeys.map(metaRow)),
      metaRow(chatListSummaryKey) as Promise<ChatListSummary | undefined>,
      newestChats(chats.index('lastAt'), firstPage),
    ]);
    const found = new Map<string, unknown>();
    values.forEach((value, i) => value !== undefined && found.set(metaKeys[i]!, value));
    if (!summary) {
      const every = await request<ChatRow[]>(chats.index('lastAt').getAll());
      return { meta: found, chats: every.reverse() };
    }
    const pinned = summary.pinned.filter((doc) => !newest.some((chat) => chat.doc === doc));
    const more = await Promise.all(
      pinned.map((doc) => request<ChatRow | undefined>(chats.get(doc))),
    );
    const listed = [...newest, ...more.filter((chat) => chat !== undefined)];
    return { meta: found, chats: listed.sort((a, b) => b.lastAt - a.lastAt), summary };
  } finally {
    db.close();
  }
}

/** The `count` chats with the latest messages, newest first. */
async function newestChats(byLastAt: IDBIndex, count: number): Promise<ChatRow[]> {
  // One request where the browser has IndexedDB 3's getAllRecords, a cursor step per row if not.
  const records = (byLastAt as IndexWithRecords).getAllRecords;
  if (records) {
    const found = await request<Array<{ value: ChatRow }>>(
      records.call(byLastAt, { direction: 'prev', count }),
    );
    return found.map((record) => record.value);
  }
  return new Promise((resolve, reject) => {
    const rows: ChatRow[] = [];
    const walking = byLastAt.openCursor(null, 'prev');
    walking.onsuccess = () => {
      const cursor = walking.result;
      if (!cursor || rows.length === count) return resolve(rows);
      rows.push(cursor.value as ChatRow);
      cursor.continue();
    };
    walking.onerror = () => reject(walking.error);
  });
}

interface IndexWithRecords {
  getAllRecords?: (options: { direction: IDBCursorDirection; count: number }) => IDBRequest;
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
