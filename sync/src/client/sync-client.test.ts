/**
 * SyncClient over in-memory sockets (testing/): every frame, open, close and reconnect happens
 * when the test pumps or runs the timers, so each step is asserted exactly, with no sleeps.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, plainText, raiseReceipt } from '../docs/conversation.ts';
import { MemoryDocStore } from './memory-doc-store.ts';
import { SyncClient } from './sync-client.ts';
import type { RefusedChange } from './types.ts';
import { readClientFrame } from '../protocol/frames.ts';
import { ManualTimers } from './testing/socket-pair.ts';
import { TestServer } from './testing/test-server.ts';

const chat = 'conv:c1';
const texts = (doc: Y.Doc) => conversationParts(doc).messages.toArray().map(plainText);

function setup(store = new MemoryDocStore(), server = new TestServer('ana')) {
  const timers = new ManualTimers();
  const refusals: RefusedChange[] = [];
  const client = new SyncClient({
    url: 'ws://test/sync',
    store,
    createSocket: server.createSocket,
    timers,
    keepRefused: async (refusal) => {
      refusals.push({ ...refusal, doc: cloneDoc(refusal.doc) });
    },
  });
  /** Pumps frames both ways until nothing moves. */
  const flush = async () => {
    do await client.settled();
    while (server.pump() > 0);
    await client.settled();
  };
  return { client, store, server, timers, refusals, flush };
}

function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('SyncClient', () => {
  it('catches up in one pass with the stored cursor and saves the new one', async () => {
    const { client, store, server, flush } = setup();
    server.write(chat, (doc) => appendText(doc, 'bea', 'hola', 1));
    client.start();
    await flush();
    expect(server.hellos).toEqual(['']);
    expect(texts(store.docs.get(chat)!)).toEqual(['hola']);
    expect(await store.loadCursor()).toBe('1');
    expect(client.status).toBe('online');
  });

  it('answers the server’s step 1 only when it has something the server lacks', async () => {
    const frames: Uint8Array[] = [];
    const recording = new TestServer('ana');
    const createSocket = recording.createSocket;
    Object.assign(recording, {
      createSocket: (url: string) => {
        const socket = createSocket(url);
        const send = socket.send.bind(socket);
        socket.send = (data: Uint8Array) => (frames.push(data), send(data));
        return socket;
      },
    });
    const { client, server, flush } = setup(new MemoryDocStore(), recording);
    const profile = 'profile:p1';
    server.write(profile, (doc) => doc.getMap('profile').set('description', 'Bread'));
    client.start();
    await flush();
    const doc = await client.open(profile, { subscribe: true });
    await flush();
    expect(doc.getMap('profile').get('description')).toBe('Bread');
    const answers = () =>
      frames
        .map((data) => readClientFrame(data))
        .filter((f) => f.type === 'sync' && f.doc === profile && f.body[0] !== 0);
    // Many open documents would otherwise each queue an empty answer at the server.
    expect(answers()).toEqual([]);
    doc.getMap('profile').set('address', 'Calle Mayor 1');
    await flush();
    expect(answers()).toHaveLength(1);
    expect(server.doc(profile).getMap('profile').get('address')).toBe('Calle Mayor 1');
  });

  it('sends a local change once and clears it from pending on the ack', async () => {
    const { client, store, server, flush } = setup();
    client.start();
    await flush();
    const doc = await client.open(chat);
    await flush();
    appendText(doc, 'ana', 'first', 1);
    expect(await store.pendingDocs()).toEqual([chat]);
    expect(client.status).toBe('syncing');
    await flush();
    expect(texts(server.doc(chat))).toEqual(['first']);
    expect(await store.pendingDocs()).toEqual([]);
    expect(client.status).toBe('online');
  });

  it('counts what the server sends as stored, also changes that start past clock 0', async () => {
    const { client, server, flush } = setup();
    client.start();
    await flush();
    server.write(chat, (doc) => appendText(doc, 'bea', 'one', 1));
    server.write(chat, (doc) => appendText(doc, 'bea', 'two', 2));
    await flush();
    const writer = server.doc(chat).clientID;
    expect(client.serverState(chat).get(writer)).toBe(Y.getState(server.doc(chat).store, writer));
  });

  it('connects at once when the browser is back online, before the old socket has closed', async () => {
    // The browser's connectivity events, as a page would have them.
    const listeners = new Map<string, () => void>();
    Object.assign(globalThis, {
      addEventListener: (type: string, listener: () => void) => listeners.set(type, listener),
      removeEventListener: (type: string) => listeners.delete(type),
    });
    const browser = (type: string) => listeners.get(type)?.();
    try {
      const { client, server, timers, flush } = setup();
      client.start();
      await flush();
      const doc = await client.open(chat);
      await flush();
      browser('offline');
      expect(client.status).toBe('offline');
      appendText(doc, 'ana', 'written offline', 1);
      // Back online while the old socket's close has not been delivered (no pump): no waiting
      // for the backoff timer, a new socket says hello at once.
      const hellos = server.hellos.length;
      browser('online');
      expect(timers.pending).toBe(0);
      await flush();
      expect(server.hellos.length).toBe(hellos + 1);
      expect(texts(server.doc(chat))).toEqual(['written offline']);
      expect(client.status).toBe('online');
      client.stop();
    } finally {
      Reflect.deleteProperty(globalThis, 'addEventListener');
      Reflect.deleteProperty(globalThis, 'removeEventListener');
    }
  });

  it('reconnects after a drop, with backoff, and resends what was not acknowledged', async () => {
    const { client, store, server, timers, flush } = setup();
    client.start();
    await flush();
    const doc = await client.open(chat);
    await flush();
    appendText(doc, 'ana', 'lost on the way', 1);
    server.dropAll(); // the frame never reached the server
    await flush();
    expect(client.status).toBe('offline');
    expect(timers.pending).toBe(1);
    expect(texts(server.doc(chat))).toEqual([]);

    server.reachable = false;
    timers.runAll();
    await flush();
    expect(client.status).toBe('offline');
    expect(timers.pending).toBe(1); // tries again later, never in a loop

    server.reachable = true;
    timers.runAll();
    await flush();
    expect(texts(server.doc(chat))).toEqual(['lost on the way']);
    expect(await store.pendingDocs()).toEqual([]);
    expect(client.status).toBe('online');
  });

  it('catches up on what changed while it was away, from its cursor', async () => {
    const { client, store, server, timers, flush } = setup();
    server.write(chat, (doc) => appendText(doc, 'bea', 'one', 1));
    client.start();
    await flush();
    server.dropAll();
    await flush();
    server.write(chat, (doc) => appendText(doc, 'bea', 'two', 2));
    server.write('conv:c2', (doc) => appendText(doc, 'cai', 'new chat', 3));
    timers.runAll();
    await flush();
    expect(server.hellos).toEqual(['', '1']);
    expect(texts(store.docs.get(chat)!)).toEqual(['one', 'two']);
    expect(texts(store.docs.get('conv:c2')!)).toEqual(['new chat']);
    expect(await store.loadCursor()).toBe('3');
  });

  it('starts loading a catch-up’s documents as their frames arrive, and handles them in order', async () => {
    // Opens wait until the test lets them go: the first frame is still being handled meanwhile.
    const asked: string[] = [];
    const gates: Array<() => void> = [];
    class GatedStore extends MemoryDocStore {
      override async open(name: string): Promise<Y.Doc> {
        asked.push(name);
        await new Promise<void>((resolve) => gates.push(resolve));
        return super.open(name);
      }
    }
    const { client, store, server, flush } = setup(new GatedStore());
    for (const name of ['conv:a', 'conv:b', 'conv:c'])
      server.write(name, (doc) => appendText(doc, 'bea', name, 1));
    client.start();
    for (let turn = 0; turn < 50 && asked.length < 3; turn++) {
      server.pump();
      await Promise.resolve();
    }
    expect(asked).toEqual(['conv:a', 'conv:b', 'conv:c']);
    expect(await store.loadCursor()).toBe('');
    gates.splice(0).forEach((open) => open());
    await flush();
    expect(texts(store.docs.get('conv:c')!)).toEqual(['conv:c']);
    expect(await store.loadCursor()).toBe('3');
  });

  it('stops for good when signed out (4401)', async () => {
    const { client, server, timers, flush } = setup();
    client.start();
    await flush();
    server.dropAll(4401);
    await flush();
    expect(client.status).toBe('signed-out');
    expect(timers.pending).toBe(0);
  });

  it('resends after a restart what the last run wrote offline', async () => {
    const store = new MemoryDocStore();
    const server = new TestServer('ana');
    server.reachable = false;
    const first = setup(store, server);
    first.client.start();
    appendText(await first.client.open(chat), 'ana', 'typed offline', 1);
    await first.flush();
    first.client.stop();
    expect(await store.pendingDocs()).toEqual([chat]);

    server.reachable = true;
    const second = setup(store, server);
    second.client.start();
    await second.flush();
    expect(texts(server.doc(chat))).toEqual(['typed offline']);
    expect(await store.pendingDocs()).toEqual([]);
  });

  describe('a refusal', () => {
    const refuseWord = (server: TestServer, word: string) => {
      server.refuse = (_doc, update) => {
        const probe = new Y.Doc();
        Y.applyUpdate(probe, Y.mergeUpdates([Y.encodeStateAsUpdate(server.doc(chat)), update]));
        return texts(probe).some((text) => text.includes(word))
          ? { kind: 'not_delivered', code: 'outside_window', details: { word } }
          : null;
      };
    };

    it('keeps the refused messages first, then rolls back to the server’s copy, and never wipes it', async () => {
      const { client, store, server, refusals, flush } = setup();
      server.write(chat, (doc) => appendText(doc, 'bea', 'hola', 1));
      refuseWord(server, 'spam');
      const events: Array<[string, string, string, Record<string, unknown>]> = [];
      client.on('refused', (name, { code, kind, details }) =>
        events.push([name, code, kind, details]),
      );
      client.start();
      await flush();
      const doc = await client.open(chat);
      appendText(doc, 'ana', 'fine', 2);
      await flush();
      appendText(doc, 'ana', 'buy spam', 3);
      await flush();

      expect(events).toEqual([[chat, 'outside_window', 'not_delivered', { word: 'spam' }]]);
      expect(refusals).toHaveLength(1);
      expect(texts(refusals[0]!.doc)).toEqual(['hola', 'fine', 'buy spam']);
      const kept = await client.open(chat);
      expect(kept).not.toBe(doc);
      expect(texts(kept)).toEqual(['hola', 'fine']);
      expect(texts(store.docs.get(chat)!)).toEqual(['hola', 'fine']);
      expect(await store.pendingDocs()).toEqual([]);
      expect(client.status).toBe('online');

      // The replaced document is no longer synced; the kept one is.
      appendText(doc, 'ana', 'into the old copy', 4);
      appendText(kept, 'ana', 'again', 4);
      await flush();
      expect(texts(server.doc(chat))).toEqual(['hola', 'fine', 'again']);

      // A restart on the same device loads the rolled-back copy.
      client.stop();
      const restarted = setup(store, server);
      expect(texts(await restarted.client.open(chat))).toEqual(['hola', 'fine', 'again']);
    });

    it('brings back a value the refused change replaced', async () => {
      const { client, server, flush } = setup();
      server.refuse = (_doc, update) => {
        const probe = new Y.Doc();
        Y.applyUpdate(probe, Y.mergeUpdates([Y.encodeStateAsUpdate(server.doc(chat)), update]));
        const receipt = conversationParts(probe).receipts.get('ana');
        return receipt && receipt.d > 5
          ? { kind: 'refused_update', code: 'receipt_backwards' }
          : null;
      };
      client.start();
      await flush();
      const doc = await client.open(chat);
      raiseReceipt(doc, 'ana', { d: 3 });
      await flush();
      raiseReceipt(doc, 'ana', { d: 9 });
      await flush();
      expect(conversationParts(await client.open(chat)).receipts.get('ana')).toEqual({
        d: 3,
        r: 0,
      });
    });

    it('keeps a document it may no longer open, and does not ask for it again', async () => {
      const { client, store, server, timers, flush } = setup();
      server.write('profile:p1', (doc) => doc.getMap('profile').set('name', 'Shop'));
      client.start();
      await client.open('profile:p1', { subscribe: true });
      await flush();
      expect(server.opens).toEqual(['profile:p1']);

      server.refuseOpen = () => ({ kind: 'forbidden', code: 'not_readable' });
      server.dropAll();
      await flush();
      timers.runAll();
      await flush();
      expect(server.opens).toEqual(['profile:p1', 'profile:p1']);
      const kept = await client.open('profile:p1');
      expect(kept.getMap('profile').get('name')).toBe('Shop');
      expect(store.docs.get('profile:p1')!.getMap('profile').get('name')).toBe('Shop');

      server.dropAll();
      await flush();
      timers.runAll();
      await flush();
      expect(server.opens).toEqual(['profile:p1', 'profile:p1']);
    });
  });
});
