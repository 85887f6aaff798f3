/**
 * What every ClientDocStore must do, as one suite each implementation runs (memory-doc-store.test.ts,
 * web/src/lib/sync/dexie-doc-store.test.ts). `reopen` gives the store as a restarted app finds it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ClientDocStore } from '../types.ts';
import { encodeStates, stateOf } from '../state-vectors.ts';

export interface StoreUnderTest {
  store: ClientDocStore;
  /** The same storage, opened again (a restart). */
  reopen(): Promise<ClientDocStore>;
}

const list = (doc: Y.Doc) => doc.getArray<string>('list').toArray();
/**
 * Waits for the writes a store makes after update events (the Dexie store writes them async):
 * saving the cursor waits for them, as it must (a cursor is saved only after what came before).
 */
const settle = async (store: ClientDocStore) => store.saveCursor(await store.loadCursor());

export function docStoreContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} (ClientDocStore contract)`, () => {
    it('opens a new document empty, with no server state', async () => {
      const { store } = await make();
      expect(list(await store.open('d'))).toEqual([]);
      expect(await store.loadServerState('d')).toBeNull();
    });

    it('keeps every change of a document across a restart', async () => {
      const { store, reopen } = await make();
      const doc = await store.open('d');
      doc.getArray<string>('list').push(['a']);
      doc.getArray<string>('list').push(['b']);
      await settle(store);
      expect(list(await (await reopen()).open('d'))).toEqual(['a', 'b']);
    });

    it('keeps a document of many changes whole when it folds them', async () => {
      const { store, reopen } = await make();
      const doc = await store.open('d');
      for (let i = 0; i < 60; i++) doc.getArray<string>('list').push([`m${i}`]);
      await settle(store);
      await store.saveServerState('d', Y.encodeStateVector(doc));
      const again = await reopen();
      expect(list(await again.open('d'))).toHaveLength(60);
      expect(list(await (await reopen()).open('d'))).toHaveLength(60);
    });

    it('stores server state, pending documents and the cursor', async () => {
      const { store, reopen } = await make();
      await store.open('d');
      await store.open('e');
      await store.saveServerState('d', new Uint8Array([1, 2, 3]));
      await store.setPending('d', true);
      await store.setPending('e', true);
      await store.setPending('e', false);
      expect(await store.loadCursor()).toBe('');
      await store.saveCursor('42');
      const again = await reopen();
      expect(await again.loadServerState('d')).toEqual(new Uint8Array([1, 2, 3]));
      expect(await again.pendingDocs()).toEqual(['d']);
      expect(await again.loadCursor()).toBe('42');
    });

    it('rolls back to the server state: keeps what it covers, drops the rest for good', async () => {
      const { store, reopen } = await make();
      const doc = await store.open('d');
      const remote = new Y.Doc();
      remote.getArray<string>('list').push(['from the server']);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'remote');
      doc.getArray<string>('list').push(['acknowledged']);
      const server = stateOf(doc);
      doc.getArray<string>('list').push(['refused']);
      await settle(store);

      const kept = await store.rollback('d', encodeStates(server));
      expect(list(kept)).toEqual(['from the server', 'acknowledged']);
      expect(list(await (await reopen()).open('d'))).toEqual(['from the server', 'acknowledged']);
    });

    it('brings back a value a refused change replaced', async () => {
      const { store } = await make();
      const doc = await store.open('d');
      doc.getMap('map').set('k', 1);
      const server = stateOf(doc);
      doc.getMap('map').set('k', 2);
      await settle(store);
      expect((await store.rollback('d', encodeStates(server))).getMap('map').get('k')).toBe(1);
    });

    it('keeps folded changes apart from ones the server does not have', async () => {
      const { store, reopen } = await make();
      const doc = await store.open('d');
      for (let i = 0; i < 55; i++) doc.getArray<string>('list').push([`m${i}`]);
      const server = stateOf(doc);
      for (let i = 55; i < 60; i++) doc.getArray<string>('list').push([`m${i}`]);
      await settle(store);
      await store.saveServerState('d', encodeStates(server));
      const again = await reopen();
      await again.open('d'); // may fold what the server has
      const kept = await again.rollback('d', encodeStates(server));
      expect(list(kept)).toEqual(Array.from({ length: 55 }, (_, i) => `m${i}`));
    });

    it('never erases a document the server has whole', async () => {
      const { store } = await make();
      const doc = await store.open('d');
      doc.getArray<string>('list').push(['kept']);
      await settle(store);
      expect(list(await store.rollback('d', Y.encodeStateVector(doc)))).toEqual(['kept']);
    });

    it('stores changes made to the rolled-back document, not to the copy it replaced', async () => {
      const { store, reopen } = await make();
      const doc = await store.open('d');
      const server = stateOf(doc);
      doc.getArray<string>('list').push(['refused']);
      await settle(store);
      const kept = await store.rollback('d', encodeStates(server));
      kept.getArray<string>('list').push(['after']);
      doc.getArray<string>('list').push(['into the replaced copy']);
      await settle(store);
      expect(list(await (await reopen()).open('d'))).toEqual(['after']);
    });
  });
}
