import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDb, type ChatRow } from './db.ts';
import { firstPage, readFirstScreen, startFirstRead } from './first-read.ts';
import {
  chatListSummaryKey,
  summaryKeeper,
  type ChatListSummary,
} from './components/chat-list-summary.ts';
import { DeviceMeta } from './device-meta.ts';
import { chatsNewestFirst } from './chats-newest-first.ts';

const chat = (doc: string, lastAt: number): ChatRow => ({
  doc,
  kind: 'private',
  peerId: doc,
  peerLabel: doc,
  lastText: '',
  lastAt,
  unread: 0,
});

const databases = async () => (await indexedDB.databases()).map((db) => db.name);

describe('the first read (before Dexie loads)', () => {
  it('reads the meta rows asked for and every chat, the most recent first', async () => {
    const db = openDb('first-read-rows');
    await db.meta.bulkPut([
      { key: 'me', value: { id: 'ana' } },
      { key: 'other', value: 1 },
    ]);
    await db.chats.bulkPut([chat('conv:a', 20), chat('conv:b', 30), chat('conv:c', 10)]);
    const read = await readFirstScreen('first-read-rows', ['me', 'choices']);
    expect([...read.meta]).toEqual([['me', { id: 'ana' }]]);
    expect(read.chats.map((c) => c.doc)).toEqual(['conv:b', 'conv:a', 'conv:c']);
    // Its connection is closed: Dexie still writes.
    await db.chats.put(chat('conv:d', 40));
    db.close();
  });

  it('finds nothing on a new device and leaves no database behind for Dexie to upgrade', async () => {
    const read = await readFirstScreen('first-read-none', ['me']);
    expect(read).toEqual({ meta: new Map(), chats: [] });
    expect(await databases()).not.toContain('first-read-none');
    const db = openDb('first-read-none');
    await db.meta.put({ key: 'me', value: { id: 'ana' } });
    expect(db.verno).toBe(5);
    db.close();
  });

  it('lets Dexie upgrade a database it read', async () => {
    const old = indexedDB.open('first-read-upgrade', 10);
    await new Promise((resolve) => {
      old.onupgradeneeded = () => {
        old.result.createObjectStore('meta', { keyPath: 'key' }).put({ key: 'me', value: 'ana' });
        old.result.createObjectStore('chats', { keyPath: 'doc' }).createIndex('lastAt', 'lastAt');
      };
      old.onsuccess = resolve;
    });
    old.result.close();
    expect((await readFirstScreen('first-read-upgrade', ['me'])).meta.get('me')).toBe('ana');
    const db = openDb('first-read-upgrade');
    expect(await db.meta.get('me')).toEqual({ key: 'me', value: 'ana' });
    expect(await db.outbox.count()).toBe(0);
    db.close();
  });
});

describe('the first read with the chat list’s summary', () => {
  const summary: ChatListSummary = {
    pinned: ['conv:c5', 'conv:c150'],
    archived: 2,
    unread: { all: 4, private: 3, business: 1 },
  };

  async function seeded(name: string) {
    const db = openDb(name);
    // 200 chats, conv:c0 the newest; conv:c150 is pinned, far below the first page.
    await db.chats.bulkPut(Array.from({ length: 200 }, (_, i) => chat(`conv:c${i}`, 1000 - i)));
    await db.meta.put({ key: chatListSummaryKey, value: summary });
    db.close();
  }

  const expected = [
    ...Array.from({ length: firstPage }, (_, i) => `conv:c${i}`),
    'conv:c150', // the pinned chat outside the page, in its place by time
  ];

  it('reads only the newest page and the pinned chats, with the summary', async () => {
    await seeded('first-read-page');
    const read = await readFirstScreen('first-read-page', ['me']);
    expect(read.chats.map((c) => c.doc)).toEqual(expected);
    expect(read.summary).toEqual(summary);
  });

  it('reads the same page by cursor where the browser lacks getAllRecords', async () => {
    await seeded('first-read-cursor');
    const index = IDBIndex.prototype as { getAllRecords?: unknown };
    const records = index.getAllRecords;
    delete index.getAllRecords;
    try {
      const read = await readFirstScreen('first-read-cursor', ['me']);
      expect(read.chats.map((c) => c.doc)).toEqual(expected);
    } finally {
      index.getAllRecords = records;
    }
  });

  it('is kept only when it changes', () => {
    const writes: unknown[] = [];
    const keep = summaryKeeper((key, value) => writes.push([key, value]), summary);
    keep({ ...summary });
    expect(writes).toEqual([]);
    const read = { ...summary, unread: { all: 0, private: 0, business: 0 } };
    keep(read);
    keep(read);
    expect(writes).toEqual([[chatListSummaryKey, read]]);
  });
});

describe('a first read begun early', () => {
  it('is the one the app asks for, once, for the same rows', async () => {
    const db = openDb('first-read-early');
    await db.meta.put({ key: 'me', value: 'ana' });
    db.close();
    startFirstRead('first-read-early', ['me']);
    const first = readFirstScreen('first-read-early', ['me']);
    expect(readFirstScreen('first-read-early', ['me'])).not.toBe(first); // taken once
    expect((await first).meta.get('me')).toBe('ana');
    startFirstRead('first-read-early', ['me']);
    const other = await readFirstScreen('first-read-early', ['me', 'choices']);
    expect(other.meta.get('me')).toBe('ana'); // other rows asked for: read afresh
  });
});

describe('the device meta rows', () => {
  function setup(name: string, first: Map<string, unknown>) {
    let opened = 0;
    let draw!: () => void;
    const drawn = new Promise<void>((resolve) => (draw = resolve));
    const db = openDb(name);
    const meta = new DeviceMeta(
      Promise.resolve(first),
      async () => {
        opened += 1;
        meta.opened(db);
        return db;
      },
      drawn,
    );
    return { meta, db, draw, opened: () => opened };
  }

  it('answers the first read’s rows without Dexie, and writes them once the screen is drawn', async () => {
    const { meta, db, draw, opened } = setup('device-meta-early', new Map([['me', 'ana']]));
    expect(await meta.get('me')).toBe('ana');
    await meta.put('me', 'bea'); // does not wait for the first screen
    expect(await meta.get('me')).toBe('bea');
    expect(opened()).toBe(0);
    expect(await db.meta.get('me')).toBeUndefined();
    draw();
    // A read through Dexie waits for the early write.
    expect(await meta.get('other')).toBeUndefined();
    expect(opened()).toBeGreaterThan(0);
    expect(await db.meta.get('me')).toEqual({ key: 'me', value: 'bea' });
    expect(await meta.get('me')).toBe('bea');
    db.close();
  });

  it('reads any other row through Dexie once the first screen is drawn', async () => {
    const { meta, db, draw } = setup('device-meta-other', new Map());
    await db.meta.put({ key: 'announcementsSeen', value: 5 });
    let seen: unknown = 'waiting';
    const reading = meta.get('announcementsSeen').then((value) => (seen = value));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toBe('waiting');
    draw();
    await reading;
    expect(seen).toBe(5);
    await meta.put('announcementsSeen', 6);
    expect(await db.meta.get('announcementsSeen')).toEqual({ key: 'announcementsSeen', value: 6 });
    db.close();
  });

  it('writes an early row as soon as Dexie opens before the first screen, so reads do not wait for it', async () => {
    // A deep link opens Dexie at once (AppShell); signing in wrote 'me' just before it opened, and
    // the first screen (which the draw waits for) then reads 'choices' through Dexie.
    const { meta, db, opened } = setup('device-meta-opened-early', new Map());
    await meta.put('me', 'ana');
    expect(opened()).toBe(0);
    meta.opened(db); // Dexie opened by another way than the draw
    expect(await meta.get('choices')).toBeUndefined(); // hung until the draw, which never came
    expect(await db.meta.get('me')).toEqual({ key: 'me', value: 'ana' });
    db.close();
  });
});

describe('the chat list once Dexie is open', () => {
  it('lists every chat newest first and follows changes to any of them', async () => {
    const db = openDb('chats-newest-first');
    await db.chats.bulkPut([chat('conv:a', 20), chat('conv:b', 30), chat('conv:c', 20)]);
    const seen: string[][] = [];
    let wake = () => {};
    const subscription = liveQuery(() => chatsNewestFirst(db)).subscribe((rows) => {
      seen.push(rows.map((row) => row.doc));
      wake();
    });
    const next = () => new Promise<void>((resolve) => (wake = resolve));
    await next();
    // Equal times keep the index's order read backwards (the later key first).
    expect(seen.at(-1)).toEqual(['conv:b', 'conv:c', 'conv:a']);
    let arriving = next();
    await db.chats.update('conv:a', { lastAt: 40 });
    await arriving;
    expect(seen.at(-1)).toEqual(['conv:a', 'conv:b', 'conv:c']);
    arriving = next();
    await db.chats.delete('conv:b');
    await arriving;
    expect(seen.at(-1)).toEqual(['conv:a', 'conv:c']);
    subscription.unsubscribe();
    db.close();
  });
});
