import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pino } from 'pino';
import { eq } from 'drizzle-orm';
import { appendText, conversationParts, initConversation, plainText } from '@souk/sync';
import { openDatabase, type Database } from '../db/open.ts';
import { docClients, docUpdates } from '../db/schema.ts';
import { DocStore, readUpdate } from './doc-store.ts';
import {
  alice,
  bob,
  change,
  platformWrite,
  copyOf as copyOfIn,
  participants,
} from './doc-store-fixtures.ts';
import { LocalHub, type CommittedUpdate } from './hub.ts';

const clock = { now: () => 1_700_000_000_000 };

let database: Database;
/** What happened, in order: transaction commits and hub announcements. */
const events: string[] = [];
const published: CommittedUpdate[] = [];
let store: DocStore;
let n = 0;

beforeAll(async () => {
  const real = await openDatabase({ dataDir: 'memory://' });
  // Record when each transaction has committed, to check nothing is announced before that.
  const db = new Proxy(real.db, {
    get(target, key, receiver) {
      if (key !== 'transaction') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<typeof target.transaction>) => {
        const result = await target.transaction(...args);
        events.push('commit');
        return result;
      };
    },
  });
  database = { ...real, db };
  const hub = new LocalHub();
  hub.subscribe((event) => {
    events.push('publish');
    published.push(event);
  });
  store = new DocStore(database, hub, clock, pino({ level: 'silent' }));
});
afterAll(() => database.close());

/** A fresh conversation between Alice and Bob, created the way the server does. */
async function newChat(): Promise<string> {
  const name = `conv:c${n++}`;
  await platformWrite(store, name, (d) => initConversation(d, 'private', participants), [
    alice.id,
    bob.id,
  ]);
  return name;
}

const copyOf = (name: string) => copyOfIn(store, name);

const rows = async (name: string) =>
  database.db.select().from(docUpdates).where(eq(docUpdates.doc, name));

describe('DocStore', () => {
  it('stores a valid update, then announces it, then acknowledges with its state vector', async () => {
    const name = await newChat();
    const device = await copyOf(name);
    const update = change(device, (d) => appendText(d, alice.id, 'hola', clock.now()));
    events.length = 0;
    const result = await store.apply(name, update, alice);
    expect(events).toEqual(['commit', 'publish']);
    expect(result.kind).toBe('stored');
    if (result.kind !== 'stored') return;
    expect(Y.decodeStateVector(result.stateVector).get(device.clientID)).toBe(
      Y.decodeStateVector(Y.encodeStateVector(device)).get(device.clientID),
    );
    expect(published.at(-1)).toMatchObject({ doc: name, seq: result.seq });
    expect((await rows(name)).map((r) => r.seq)).toContain(result.seq);
    const bound = await database.db.select().from(docClients).where(eq(docClients.doc, name));
    // Beside the platform's client, which wrote the participants.
    expect(bound.filter((b) => b.identityId !== 'platform')).toEqual([
      { doc: name, clientId: device.clientID, identityId: alice.id, byServer: false },
    ]);
  });

  it('round-trips the stored bytes exactly', async () => {
    const name = await newChat();
    const device = await copyOf(name);
    const update = change(device, (d) => appendText(d, alice.id, 'bytes', clock.now()));
    await store.apply(name, update, alice);
    const stored = (await rows(name)).at(-1)!.data;
    expect(stored).toBeInstanceOf(Uint8Array);
    expect([...stored]).toEqual([...update]);
  });

  it('refuses a forged message: nothing stored, nothing announced', async () => {
    const name = await newChat();
    const device = await copyOf(name);
    const before = (await rows(name)).length;
    const announced = published.length;
    const forged = change(device, (d) => appendText(d, bob.id, 'forged', clock.now()));
    expect(await store.apply(name, forged, alice)).toEqual({
      kind: 'refused',
      reason: { code: 'not_author' },
    });
    expect((await rows(name)).length).toBe(before);
    expect(published.length).toBe(announced);
    expect(conversationParts(await copyOf(name)).messages.length).toBe(0);
  });

  it('keeps a Yjs client id bound to the identity that first used it', async () => {
    const name = await newChat();
    const device = await copyOf(name);
    await store.apply(
      name,
      change(device, (d) => appendText(d, alice.id, 'a', 1)),
      alice,
    );
    // Bob reuses Alice's client id for his own message.
    const stolen = change(device, (d) => appendText(d, bob.id, 'b', 2));
    expect((await store.apply(name, stolen, bob)).kind).toBe('refused');
  });

  it('acknowledges an update it already has without storing it again', async () => {
    const name = await newChat();
    const device = await copyOf(name);
    const update = change(device, (d) => appendText(d, alice.id, 'once', clock.now()));
    expect((await store.apply(name, update, alice)).kind).toBe('stored');
    const count = (await rows(name)).length;
    const again = await store.apply(name, update, alice);
    expect(again.kind).toBe('duplicate');
    expect((await rows(name)).length).toBe(count);
  });

  it('serializes updates of one document, in order, with increasing sequence numbers', async () => {
    const name = await newChat();
    const devices = [await copyOf(name), await copyOf(name)];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const [device, actor] = i % 2 === 0 ? [devices[0]!, alice] : [devices[1]!, bob];
        return store.apply(
          name,
          change(device, (d) => appendText(d, actor.id, `m${i}`, i)),
          actor,
        );
      }),
    );
    const seqs = results.map((r) => (r.kind === 'stored' ? r.seq : -1));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(10);
    expect(conversationParts(await copyOf(name)).messages.length).toBe(10);
  });

  it('commits updates of several documents that arrive together in one transaction', async () => {
    const names = [await newChat(), await newChat(), await newChat()];
    const devices = await Promise.all(names.map(copyOf));
    const updates = devices.map((device, i) =>
      change(device, (d) => appendText(d, alice.id, `together ${i}`, clock.now())),
    );
    // The second is forged: refused on its own, while the others in its batch are stored.
    const forged = change(await copyOf(names[1]!), (d) =>
      appendText(d, bob.id, 'forged', clock.now()),
    );
    events.length = 0;
    const results = await Promise.all([
      store.apply(names[0]!, updates[0]!, alice),
      store.apply(names[1]!, forged, alice),
      store.apply(names[2]!, updates[2]!, alice),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['stored', 'refused', 'stored']);
    expect(events).toEqual(['commit', 'publish', 'publish']);
    const seqs = results.flatMap((r) => (r.kind === 'stored' ? [r.seq] : []));
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect((await rows(names[0]!)).map((r) => r.seq)).toContain(seqs[0]);
    expect((await rows(names[2]!)).map((r) => r.seq)).toContain(seqs[1]);
    expect(conversationParts(await copyOf(names[1]!)).messages.length).toBe(0);
    // The next update of a document in the batch goes in a batch of its own.
    expect((await store.apply(names[1]!, updates[1]!, alice)).kind).toBe('stored');
  });

  it('a write that fails in its commit takes nothing else of its batch with it', async () => {
    // A broadcast's "sent" record that finds the recipient sent already throws in the commit.
    const names = [await newChat(), await newChat()];
    const devices = await Promise.all(names.map(copyOf));
    const [live, doomed] = devices.map((device, i) =>
      change(device, (d) => appendText(d, alice.id, `batched ${i}`, clock.now())),
    );
    events.length = 0;
    const results = await Promise.allSettled([
      store.apply(names[0]!, live!, alice),
      store.apply(names[1]!, doomed!, alice, {
        alsoCommit: () => Promise.reject(new Error('recipient sent already')),
      }),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { kind: 'stored' } });
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: { message: 'recipient sent already' },
    });
    // The batch failed once, then each went alone: one commit, for the live message.
    expect(events).toEqual(['commit', 'publish']);
    expect(
      conversationParts(await copyOf(names[0]!))
        .messages.toArray()
        .map(plainText),
    ).toEqual(['batched 0']);
    expect(conversationParts(await copyOf(names[1]!)).messages.length).toBe(0);
    expect(await rows(names[1]!)).toHaveLength(1); // its creation only
  });

  it('catches up in one pass per identity and reports the cursor', async () => {
    const start = await store.currentSeq();
    const name = await newChat();
    const device = await copyOf(name);
    await store.apply(
      name,
      change(device, (d) => appendText(d, alice.id, 'x', 1)),
      alice,
    );
    const { docs, cursor } = await store.catchUp(bob.id, start);
    expect(docs.map((d) => d.doc)).toEqual([name]);
    expect(cursor).toBe(await store.currentSeq());
    expect((await store.catchUp(bob.id, cursor)).docs).toEqual([]);
    expect((await store.catchUp('u_stranger', start)).docs).toEqual([]);
  });

  it('reads a notified update even after compaction folded its row', async () => {
    const name = await newChat();
    const device = await copyOf(name);
    const result = await store.apply(
      name,
      change(device, (d) => appendText(d, alice.id, 'folded soon', 1)),
      alice,
    );
    if (result.kind !== 'stored') throw new Error('not stored');
    const fresh = await readUpdate(database.db, result.seq, name);
    expect(fresh.doc).toBe(name);
    await store.compact(name);
    const folded = await readUpdate(database.db, result.seq, name);
    expect(folded).toMatchObject({ doc: name, seq: result.seq });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, folded.update);
    expect(conversationParts(doc).messages.toArray().map(plainText)).toEqual(['folded soon']);
  });

  it('reloads a document from snapshot and rows after compaction and unloading', async () => {
    const name = await newChat();
    const device = await copyOf(name);
    await store.apply(
      name,
      change(device, (d) => appendText(d, alice.id, 'kept', 1)),
      alice,
    );
    await store.compact(name);
    expect(await rows(name)).toEqual([]);
    await store.apply(
      name,
      change(device, (d) => appendText(d, alice.id, 'after', 2)),
      alice,
    );
    store.unloadIdle(-1);
    const texts = conversationParts(await copyOf(name))
      .messages.toArray()
      .map(plainText);
    expect(texts).toEqual(['kept', 'after']);
  });
});
