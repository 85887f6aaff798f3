import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { docStoreContract } from '@souk/sync/testing';
import { openDb } from '../db.ts';
import { DexieDocStore } from './dexie-doc-store.ts';

let databases = 0;

docStoreContract('DexieDocStore on fake-indexeddb', async () => {
  const name = `souk-test-${++databases}`;
  return {
    store: new DexieDocStore(openDb(name)),
    reopen: async () => new DexieDocStore(openDb(name)),
  };
});

/**
 * Web Locks as a browser gives them to its tabs: one table of held locks per origin, a lock
 * manager per tab (Node has none; the app's Playwright test uses the browser's own).
 */
function origin() {
  const taken = new Set<string>();
  return () => ({
    request(name: string, _options: { ifAvailable: true }, callback: (lock: unknown) => unknown) {
      if (taken.has(name)) return Promise.resolve(callback(null));
      taken.add(name);
      return Promise.resolve(callback({ name }));
    },
  });
}

describe('Yjs client ids', () => {
  it('keeps one per document across reloads, and gives a second tab another', async () => {
    const name = `souk-test-${++databases}`;
    const tab = origin();
    const first = await new DexieDocStore(openDb(name), tab()).open('conv:a');
    // A reload: a new page (its locks went with the old one), the same database.
    const reloaded = origin()();
    const again = await new DexieDocStore(openDb(name), reloaded).open('conv:a');
    expect(again.clientID).toBe(first.clientID);
    // A second tab while the first is open: another id, kept for the next load too.
    const second = await new DexieDocStore(openDb(name), tab()).open('conv:a');
    expect(second.clientID).not.toBe(first.clientID);
    const other = await new DexieDocStore(openDb(name), tab()).open('conv:b');
    expect(other.clientID).not.toBe(first.clientID);
    // Rolled back or opened again in the same page: the same id.
    const store = new DexieDocStore(openDb(name), reloaded);
    expect((await store.open('conv:a')).clientID).toBe(first.clientID);
  });

  it('gives tabs beyond the eight slots a fresh id on every load, never one a tab holds', async () => {
    const name = `souk-test-${++databases}`;
    const tab = origin();
    const held = [];
    for (let i = 0; i < 8; i++)
      held.push((await new DexieDocStore(openDb(name), tab()).open('conv:a')).clientID);
    expect(new Set(held).size).toBe(8);
    const ninth = tab();
    const once = (await new DexieDocStore(openDb(name), ninth).open('conv:a')).clientID;
    const again = (await new DexieDocStore(openDb(name), ninth).open('conv:a')).clientID;
    expect(held).not.toContain(once);
    expect(again).not.toBe(once);
  });
});

describe('opening documents', () => {
  it('reads the documents asked for together in one transaction, each with its own log', async () => {
    const name = `souk-test-${++databases}`;
    const first = new DexieDocStore(openDb(name));
    const a = await first.open('conv:a');
    a.getMap('m').set('x', 1);
    await first.saveCursor('1'); // waits for the update to be stored
    const db = openDb(name);
    const store = new DexieDocStore(db);
    await store.loadCursor();
    const transactions = vi.spyOn(db, 'transaction');
    const names = ['conv:a', 'conv:b', 'conv:c', 'person:p'];
    const docs = await Promise.all(names.map((doc) => store.open(doc)));
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(docs[0]!.getMap('m').get('x')).toBe(1);
    expect(docs.slice(1).map((doc) => Y.encodeStateVector(doc).length)).toEqual([1, 1, 1]);
    expect(await db.docs.count()).toBe(4);
  });
});
