/**
 * No document can be bricked, every frame fits (docs/protocol.md, Limits): a participant who
 * speaks raw frames and builds updates byte by byte cannot bring more than one new Yjs client id
 * per update or more than 64 per document, cannot send empty or countless structs or huge delete
 * sets, and after the worst it may send the other participant still writes and a new device
 * still catches up, in frames within the protocol's limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  appendText,
  conversationParts,
  epochDocName,
  limits,
  protocolVersion,
  readEpoch,
  type ServerFrame,
} from '@souk/sync';
import { emptyItems, forgedUpdate, gcRuns, valueItem } from '@souk/sync/testing';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';
import { rawSocket } from '../support/raw-socket.ts';

/** A message as the app writes it, for forged updates to carry. */
const message = (author: string, text: string) => ({
  id: `m${Math.random().toString(36).slice(2)}`,
  author,
  n: 1,
  at: Date.now(),
  kind: 'text',
  text,
});

/** A text of the longest length allowed, of three-byte characters. */
const longest = (tag: string) => `${tag} ${'€'.repeat(limits.maxMessageChars - tag.length - 1)}`;

const codeOf = (frame: ServerFrame) => (frame.type === 'error' ? frame.code : frame.type);

/** Everything a new device of `who` receives at catch-up: the frames' sizes and the documents. */
async function newDevice(url: string, who: SignedIn) {
  const socket = await rawSocket(url, who.cookie);
  socket.send({ type: 'hello', version: protocolVersion, cursor: '' });
  await socket.next((f) => f.type === 'cursor', 30_000);
  const docs = new Map<string, Y.Doc>();
  /** How many frames each document came in. */
  const parts = new Map<string, number>();
  for (const frame of socket.frames) {
    if (frame.type !== 'sync') continue;
    parts.set(frame.doc, (parts.get(frame.doc) ?? 0) + 1);
    const decoder = decoding.createDecoder(frame.body);
    if (decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1) continue;
    const doc = docs.get(frame.doc) ?? new Y.Doc();
    docs.set(frame.doc, doc);
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  socket.close();
  return { sizes: socket.sizes, docs, parts };
}

const textsOf = (doc: Y.Doc | undefined) =>
  doc
    ? conversationParts(doc)
        .messages.toArray()
        .map((m) => ('text' in m ? m.text : ''))
    : [];

describe.each(backends)('on %s', (backend) => {
  let server: TestServer;
  let phones = 0;
  /** Two new people and their chat; `bob` speaks raw frames. */
  const pair = async () => {
    const base = `+3464450${backend === 'postgres' ? 1 : 0}`;
    const alice = await signIn(server.url, `${base}${String(phones++).padStart(3, '0')}`);
    const bob = await signIn(server.url, `${base}${String(phones++).padStart(3, '0')}`);
    const chat = await startChat(server.url, alice, bob.phone);
    const raw = await rawParty(server.url, bob);
    await raw.open(chat);
    return { alice, bob, chat, raw };
  };
  /** Bob's copy of `doc` as a device writing with client id `client`. */
  const copyAs = (raw: RawParty, doc: string, client: number) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(raw.doc(doc)));
    copy.clientID = client;
    return copy;
  };
  const stored = async (doc: string) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await server.store.readStored(doc));
    return copy;
  };

  beforeAll(async () => {
    server = await startTestServer({}, { socketLimits: { refusalBurst: 1000 } }, backend);
  });
  afterAll(async () => server?.close());

  it('refuses an update that brings two new client ids', async () => {
    const { bob, chat, raw } = await pair();
    const first = copyAs(raw, chat, 10);
    appendText(first, bob.id, 'first id', Date.now());
    const second = copyAs(raw, chat, 20);
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    appendText(second, bob.id, 'second id', Date.now());
    const update = Y.encodeStateAsUpdate(second, Y.encodeStateVector(raw.doc(chat)));
    const answer = await raw.send(chat, update);
    expect(answer).toMatchObject({ type: 'error', code: 'too_many_new_clients' });
    expect(textsOf(await stored(chat))).toEqual([]);
    raw.close();
  });

  it("refuses an identity's 65th client id in a document, after a reload as well", async () => {
    const { alice, bob, chat, raw } = await pair();
    for (let i = 1; i <= limits.maxClientsPerIdentity; i++) {
      const answer = await raw.write(chat, (doc) => {
        doc.clientID = 1000 + i;
        appendText(doc, bob.id, `device ${i}`, Date.now());
      });
      expect(codeOf(answer)).toBe('ack');
    }
    const tooMany = (doc: Y.Doc) => {
      doc.clientID = 5000;
      appendText(doc, bob.id, 'one device too many', Date.now());
    };
    expect(await raw.write(chat, tooMany)).toMatchObject({ code: 'too_many_clients' });
    // The count comes from the database, not from this process's memory.
    await eventually(() => server.store.unloadIdle(-1) >= 0 && server.store.loadedCount === 0);
    expect(await raw.write(chat, tooMany)).toMatchObject({ code: 'too_many_clients' });
    // A client id Bob has is still his to use, and Alice still gets new ones.
    const again = await raw.write(chat, (doc) => {
      doc.clientID = 1001;
      appendText(doc, bob.id, 'an old device', Date.now());
    });
    expect(codeOf(again)).toBe('ack');
    const a = await rawParty(server.url, alice);
    await a.open(chat);
    expect(codeOf(await a.write(chat, (doc) => appendText(doc, alice.id, 'hi', Date.now())))).toBe(
      'ack',
    );
    a.close();
    raw.close();
  });

  it('refuses 20,000 empty structs, and more structs than allowed with nothing to judge', async () => {
    const { bob, chat, raw } = await pair();
    const head = valueItem(7, 0, 'messages', message(bob.id, 'hello'));
    const empty = forgedUpdate([head, ...emptyItems(7, 1, 20_000, 'messages')]);
    expect(empty.length).toBeLessThan(limits.maxFrameBytes - 100);
    expect(await raw.send(chat, empty)).toMatchObject({
      code: 'too_many_structs',
      details: { max: limits.maxStructsPerUpdate },
    });
    const one = forgedUpdate([head, ...emptyItems(7, 1, 1, 'messages')]);
    expect(await raw.send(chat, one)).toMatchObject({ code: 'malformed_update' });
    const runs = forgedUpdate([head, ...gcRuns(7, 1, limits.maxStructsPerUpdate)]);
    expect(await raw.send(chat, runs)).toMatchObject({ code: 'too_many_structs' });
    expect(Y.encodeStateVector(await stored(chat))).toEqual(Y.encodeStateVector(raw.doc(chat)));
    raw.close();
  });

  it('refuses huge delete sets: overlapping ranges, and more ranges than allowed', async () => {
    const { bob, chat, raw } = await pair();
    const head = valueItem(8, 0, 'messages', message(bob.id, 'hello'));
    // Ranges over the update's own garbage: nothing any rule would refuse.
    const overlapping = forgedUpdate(
      [head, ...gcRuns(8, 1, 1)],
      Array.from({ length: 20_000 }, () => ({ client: 8, clock: 1, len: 1 })),
    );
    expect(await raw.send(chat, overlapping)).toMatchObject({ code: 'malformed_update' });
    const many = forgedUpdate(
      [head, new Y.GC(Y.createID(8, 1), 2 * limits.maxDeleteRangesPerUpdate + 2)],
      Array.from({ length: limits.maxDeleteRangesPerUpdate + 1 }, (_, i) => ({
        client: 8,
        clock: 1 + 2 * i,
        len: 1,
      })),
    );
    expect(await raw.send(chat, many)).toMatchObject({
      code: 'too_many_deletions',
      details: { max: limits.maxDeleteRangesPerUpdate },
    });
    expect(textsOf(await stored(chat))).toEqual([]);
    raw.close();
  });

  it("lets the other participant write and a new device catch up after the attacker's worst", async () => {
    const { alice, bob, chat, raw } = await pair();
    // The worst Bob may send, 64 times over: a new client id each time, a message of the
    // longest length, as many structs and deletion ranges as allowed, all into the first epoch.
    const runs = limits.maxStructsPerUpdate - 1;
    for (let i = 0; i < limits.maxClientsPerIdentity; i++) {
      const client = 3000 + i;
      const update = forgedUpdate(
        [
          valueItem(client, 0, 'messages', message(bob.id, longest(`b${i}`))),
          ...gcRuns(client, 1, runs),
        ],
        Array.from({ length: runs }, (_, r) => ({ client, clock: 1 + r, len: 1 })),
      );
      expect(update.length).toBeLessThan(limits.maxFrameBytes - 100);
      expect(codeOf(await raw.send(chat, update))).toBe('ack');
    }
    await server.submit.settled(); // the roll-over the first epoch's size started
    expect(Y.encodeStateAsUpdate(await stored(chat)).length).toBeGreaterThan(
      2 * limits.maxFrameBytes,
    );

    // Alice's app still writes, into the epoch the head names now.
    const a = device(server.url, alice);
    a.client.start();
    const headDoc = await a.client.open(chat);
    await eventually(() => a.client.status === 'online', 30_000, 'online');
    const epoch = readEpoch(headDoc);
    expect(epoch).toBeGreaterThan(0); // the first epoch rolled over by size
    const current = await a.client.open(epochDocName(chat, epoch));
    appendText(current, alice.id, 'still here', Date.now());
    await eventually(() => a.client.status === 'online', 30_000, 'acked');
    a.client.stop();

    // A new device of Alice's receives all of it, in frames within the limit.
    const { sizes, docs, parts } = await newDevice(server.url, alice);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(limits.maxFrameBytes);
    expect(parts.get(chat)).toBeGreaterThan(2);
    expect(textsOf(docs.get(chat)).filter((t) => t.startsWith('b'))).toHaveLength(
      limits.maxClientsPerIdentity,
    );
    expect(textsOf(docs.get(epochDocName(chat, epoch)))).toContain('still here');
    raw.close();
  });
});

describe.each(backends)('epochs by size on %s', (backend) => {
  it('rolls an epoch over at its size, and a full epoch of the longest messages reaches a new device', async () => {
    // An epoch stored before epochs rolled over by size: as many of the longest messages as its
    // count allows. The second server rolls over by size.
    const legacy = await startTestServer({}, { epochSize: 60, epochBytes: Infinity }, backend);
    try {
      const alice = await signIn(legacy.url, '+34644590001');
      const bob = await signIn(legacy.url, '+34644590002');
      const chat = await startChat(legacy.url, alice, bob.phone);
      const a = device(legacy.url, alice);
      a.client.start();
      const headDoc = await a.client.open(chat);
      for (let i = 0; i < 60; i++) appendText(headDoc, alice.id, longest(`m${i}`), Date.now());
      await eventually(() => a.client.status === 'online', 60_000, 'acked');
      await eventually(() => readEpoch(headDoc) === 1, 30_000, 'rolled over by count');
      a.client.stop();
      const { sizes, docs, parts } = await newDevice(legacy.url, bob);
      for (const size of sizes) expect(size).toBeLessThanOrEqual(limits.maxFrameBytes);
      expect(parts.get(chat)).toBeGreaterThan(2);
      expect(textsOf(docs.get(chat))).toHaveLength(60);
    } finally {
      await legacy.close();
    }

    const sized = await startTestServer({}, {}, backend);
    try {
      const alice = await signIn(sized.url, '+34644590003');
      const bob = await signIn(sized.url, '+34644590004');
      const chat = await startChat(sized.url, alice, bob.phone);
      const a = device(sized.url, alice);
      a.client.start();
      const headDoc = await a.client.open(chat);
      const serverEpoch = async () => readEpoch(await sized.store.copy(chat));
      let sent = 0;
      while ((await serverEpoch()) === 0 && sent < 40) {
        appendText(headDoc, alice.id, longest(`m${sent++}`), Date.now());
        await eventually(() => a.client.status === 'online', 30_000, 'acked');
        // The ack went out before the roll-over it may start: wait for that too.
        await sized.submit.settled();
      }
      a.client.stop();
      expect(await serverEpoch()).toBe(1);
      expect(sent).toBeLessThan(40);
      const bytes = Y.encodeStateAsUpdate(await sized.store.copy(chat)).length;
      expect(bytes).toBeGreaterThanOrEqual(limits.maxEpochBytes);
      expect(bytes).toBeLessThan(limits.maxEpochBytes + 4 * limits.maxMessageChars);
    } finally {
      await sized.close();
    }
  });
});
