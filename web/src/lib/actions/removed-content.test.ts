import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { appendText, conversationParts, deleteForEveryone, SyncClient } from '@souk/sync';
import { ManualTimers, TestServer } from '@souk/sync/testing';
import { openDb } from '../db.ts';
import { DexieDocStore } from '../sync/dexie-doc-store.ts';
import { collectedUpdate, watchRemovedContent } from './removed-content.ts';

const secret = 'the door code is 4711, pasta on Friday';
const server = { remote: true }; // the sync client's origin for what the server sends

/** True when any of these byte strings holds `text` (UTF-8, as Yjs writes strings). */
function holds(rows: readonly Uint8Array[], text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  return rows.some((row) => Buffer.from(row).includes(needle));
}

/** What the server does after a tombstone: the message's stub in its place, its edits gone. */
function replaceWithStub(doc: Y.Doc, id: string, at: number): void {
  const { messages, edits } = conversationParts(doc);
  const index = messages.toArray().findIndex((m) => m.id === id);
  const original = messages.get(index);
  doc.transact(() => {
    messages.delete(index, 1);
    messages.insert(index, [
      { id, author: original.author, n: original.n, at: original.at, kind: 'deleted', deleted: at },
    ]);
    edits.delete(0, edits.length);
  });
}

let databases = 0;

describe('content deleted for everyone', () => {
  it('leaves the device log once the stub arrives, whatever else is pending', async () => {
    const db = openDb(`souk-removed-${++databases}`);
    const store = new DexieDocStore(db);
    const device = await store.open('conv:a');
    const upstream = new Y.Doc();
    // What the server sends, applied as the sync client applies it, then its state saved.
    const receive = async (change: () => void) => {
      const before = Y.encodeStateVector(upstream);
      change();
      Y.applyUpdate(device, Y.encodeStateAsUpdate(upstream, before), server);
      await store.saveServerState('conv:a', Y.encodeStateVector(upstream));
    };
    let gone = { id: '' };
    await receive(() => {
      gone = appendText(upstream, 'u_ana', secret, 1000);
      appendText(upstream, 'u_ana', 'see you there', 2000);
    });
    await receive(() => {
      conversationParts(upstream).edits.push([
        { id: gone.id, by: 'u_ana', text: `${secret}!`, at: 1500 },
      ]);
      deleteForEveryone(upstream, gone.id, 'u_ana', 3000);
    });
    // A change of this device the server does not have yet stays a row of its own.
    appendText(device, 'u_ben', 'not sent yet', 3500);
    await receive(() => {});
    expect(
      holds(
        (await db.updates.toArray()).map((r) => r.data),
        secret,
      ),
    ).toBe(true);

    await receive(() => replaceWithStub(upstream, gone.id, 3000));

    const rows = (await db.updates.where('doc').equals('conv:a').toArray()).map((r) => r.data);
    expect(holds(rows, secret)).toBe(false);
    expect(holds(rows, 'see you there')).toBe(true);
    expect(holds(rows, 'not sent yet')).toBe(true);
    // The device's copy reads the same after a restart, the unsent message still its own row.
    const again = await new DexieDocStore(openDb(db.name)).open('conv:a');
    const texts = conversationParts(again)
      .messages.toArray()
      .map((m) => (m.kind === 'text' ? m.text : m.kind));
    expect(texts).toEqual(['deleted', 'see you there', 'not sent yet']);
  });

  it('leaves the device log when the stub comes through the sync client', async () => {
    // As in the app: what the server sends arrives as updates, most starting past clock 0 of a
    // client the device already knows; the server has all of each, so they count as stored.
    const db = openDb(`souk-removed-${++databases}`);
    const relay = new TestServer('u_ben');
    const client = new SyncClient({
      url: 'ws://test/sync',
      store: new DexieDocStore(db),
      createSocket: relay.createSocket,
      timers: new ManualTimers(),
    });
    const flush = async () => {
      do await client.settled();
      while (relay.pump() > 0);
      await client.settled();
    };
    client.start();
    await flush();
    let gone = { id: '' };
    relay.write('conv:a', (doc) => appendText(doc, 'u_ana', 'first', 500));
    relay.write('conv:a', (doc) => (gone = appendText(doc, 'u_ana', secret, 1000)));
    relay.write('conv:a', (doc) => appendText(doc, 'u_ana', 'see you there', 2000));
    await flush();
    relay.write('conv:a', (doc) => deleteForEveryone(doc, gone.id, 'u_ana', 3000));
    relay.write('conv:a', (doc) => replaceWithStub(doc, gone.id, 3000));
    await flush();

    const rows = (await db.updates.where('doc').equals('conv:a').toArray()).map((r) => r.data);
    expect(holds(rows, secret)).toBe(false);
    expect(holds(rows, 'see you there')).toBe(true);
    client.stop();
  });

  it('reports the media ids of removed messages, and nothing for other changes', () => {
    const doc = new Y.Doc();
    const seen: Set<string>[] = [];
    watchRemovedContent(doc, (media) => seen.push(media));
    const { messages, receipts } = conversationParts(doc);
    const photo = {
      id: 'photo-0001',
      author: 'u_ana',
      n: 1,
      at: 1,
      kind: 'image',
      url: '/media/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.webp',
      thumb: '/media/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.webp',
      width: 10,
      height: 10,
    } as const;
    messages.push([photo]);
    receipts.set('u_ben', { d: 1, r: 0 });
    receipts.set('u_ben', { d: 1, r: 1 }); // an overwrite deletes an item too
    expect(seen).toEqual([]);
    messages.delete(0, 1);
    expect(seen).toEqual([
      new Set(['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB']),
    ]);
  });

  it('folds updates into one that holds no removed content', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const message = appendText(doc, 'u_ana', secret, 1);
    conversationParts(doc).messages.delete(0, 1);
    expect(holds([Y.mergeUpdates(updates)], secret)).toBe(true);
    const folded = collectedUpdate(updates);
    expect(holds([folded], secret)).toBe(false);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, folded);
    expect(conversationParts(copy).messages.length).toBe(0);
    expect(message.text).toBe(secret);
  });
});
