/**
 * A device's backlog (written offline, or while the server restarts) reaches the server in
 * updates within its per-update limit, over in-memory sockets: nothing is refused, so nothing is
 * rolled back, and the queue drains with every message stored.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts } from '../docs/conversation.ts';
import { limits } from '../limits.ts';
import { MemoryDocStore } from './memory-doc-store.ts';
import { SyncClient } from './sync-client.ts';
import { ManualTimers } from './testing/socket-pair.ts';
import { TestServer } from './testing/test-server.ts';

const chat = 'conv:c1';
const backlog = 2 * limits.maxItemsPerUpdate + 100;
const ids = (doc: Y.Doc) =>
  conversationParts(doc)
    .messages.toArray()
    .map((m) => m.id);

/** Values an update sets, as the server's validator counts them. */
function itemsIn(update: Uint8Array): number {
  return Y.decodeUpdate(update).structs.reduce(
    (n, s) => n + (s instanceof Y.Item ? s.content.getLength() : 0),
    0,
  );
}

/** A server that refuses updates above the limit, like the real one, and a device. */
function setup() {
  const server = new TestServer('ana');
  const sizes: number[] = [];
  server.refuse = (_doc, update) => {
    sizes.push(itemsIn(update));
    return itemsIn(update) > limits.maxItemsPerUpdate
      ? { kind: 'refused_update', code: 'too_many_changes' }
      : null;
  };
  const store = new MemoryDocStore();
  const timers = new ManualTimers();
  const client = new SyncClient({
    url: 'ws://test/sync',
    store,
    createSocket: server.createSocket,
    timers,
  });
  const refused: string[] = [];
  client.on('refused', (_name, refusal) => refused.push(refusal.code));
  const flush = async () => {
    do await client.settled();
    while (server.pump() > 0);
    await client.settled();
  };
  return { server, sizes, store, timers, client, refused, flush };
}

describe('a backlog above the per-update limit', () => {
  it('goes out in pieces the server accepts', async () => {
    const { server, sizes, store, client, refused, flush } = setup();
    const doc = await client.open(chat);
    for (let i = 0; i < backlog; i++) appendText(doc, 'ana', `m${i}`, 1);

    client.start();
    await flush();

    expect(refused).toEqual([]);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(ids(server.doc(chat))).toEqual(ids(doc));
    expect(ids(doc)).toHaveLength(backlog);
    expect(await store.pendingDocs()).toEqual([]);
    expect(client.status).toBe('online');
  });

  it('answering the server’s step 1 goes out in pieces too', async () => {
    const { server, sizes, timers, client, refused, flush } = setup();
    client.start();
    const doc = await client.open(chat, { subscribe: true });
    await flush();
    doc.transact(() => {
      for (let i = 0; i < backlog; i++) appendText(doc, 'ana', `m${i}`, 1);
    });
    await flush();
    // The server comes back without the document (restored from an older backup): its step 1
    // asks for everything.
    server.docs.set(chat, new Y.Doc());
    server.dropAll();
    await flush();
    sizes.length = 0;
    timers.runAll();
    await flush();

    expect(refused).toEqual([]);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(ids(server.doc(chat))).toEqual(ids(doc));
  });
});
