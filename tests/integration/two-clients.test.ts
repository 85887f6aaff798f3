/**
 * Two people over the real server (PGlite in memory, port 0), speaking raw frames: sign-in over
 * HTTP with codes from the dev outbox, a chat, live messages, acknowledgement only after the
 * commit, one-pass catch-up from an old cursor, refusal of a forged message, and 4401 for
 * sockets without a session. No SyncClient: every frame is written by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  appendText,
  conversationParts,
  protocolVersion,
  readParticipants,
  type ServerFrame,
  plainText,
} from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawSocket, type RawSocket } from '../support/raw-socket.ts';

function updateBody(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Applies a server `sync` frame's y-protocols message to `doc` (step 2 or update). */
function applySync(doc: Y.Doc, frame: ServerFrame): void {
  if (frame.type !== 'sync') return;
  const decoder = decoding.createDecoder(frame.body);
  const type = decoding.readVarUint(decoder);
  if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) {
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
  }
}

const texts = (doc: Y.Doc) => conversationParts(doc).messages.toArray().map(plainText);

/** Writes `text` as `author` through `socket` (its copy rebuilt from its frames); waits for the ack. */
async function say(socket: RawSocket, author: string, doc: string, text: string): Promise<void> {
  const copy = new Y.Doc();
  socket.frames.forEach((f) => applySync(copy, f));
  const sv = Y.encodeStateVector(copy);
  appendText(copy, author, text, Date.now());
  const acks = () => socket.frames.filter((f) => f.type === 'ack').length;
  const before = acks();
  socket.send({ type: 'sync', doc, body: updateBody(Y.encodeStateAsUpdate(copy, sv)) });
  await socket.next(() => acks() > before);
}

/** The first `sync` frame `socket` received after index `after`. */
const nextSync = (socket: RawSocket, after: number) =>
  socket.next((f) => f.type === 'sync' && socket.frames.indexOf(f) >= after);

describe.each(backends)('two people, raw frames, on %s', (backend) => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let chat: string;
  const open: RawSocket[] = [];

  async function connect(person: SignedIn, cursor = ''): Promise<RawSocket> {
    const socket = await rawSocket(server.url, person.cookie);
    open.push(socket);
    socket.send({ type: 'hello', version: protocolVersion, cursor });
    await socket.next((f) => f.type === 'cursor');
    return socket;
  }

  async function storedTexts(): Promise<string[]> {
    // Read from the database, not from the server's in-memory copy.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await server.store.readStored(chat));
    return texts(doc);
  }

  beforeAll(async () => {
    server = await startTestServer({}, {}, backend);
    alice = await signIn(server.url, '+34655500001');
    bob = await signIn(server.url, '+34655500002');
    chat = await startChat(server.url, alice, bob.phone);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await server?.close();
  });

  it('closes a socket without a session with 4401', async () => {
    const socket = await rawSocket(server.url);
    expect((await socket.closed).code).toBe(4401);
    const wrong = await rawSocket(server.url, 'souk_session=not-a-token');
    expect((await wrong.closed).code).toBe(4401);
  });

  it('welcomes with the identity and catches up on the new chat in one pass', async () => {
    const socket = await connect(bob);
    expect(socket.frames[0]).toMatchObject({ type: 'welcome', identity: bob.id });
    const syncs = socket.frames.filter((f) => f.type === 'sync');
    expect(syncs.map((f) => f.type === 'sync' && f.doc)).toEqual([chat]);
    expect(socket.frames.at(-1)?.type).toBe('cursor');
    const doc = new Y.Doc();
    syncs.forEach((f) => applySync(doc, f));
    expect(
      readParticipants(doc)
        .map((p) => p.id)
        .sort(),
    ).toEqual([alice.id, bob.id].sort());
  });

  it('acks only after the commit, forwards live to the peer, to the sender only its receive time', async () => {
    const aliceSocket = await connect(alice);
    const bobSocket = await connect(bob);
    const aliceDoc = new Y.Doc();
    aliceSocket.frames.forEach((f) => applySync(aliceDoc, f));
    const sv = Y.encodeStateVector(aliceDoc);
    const sent = appendText(aliceDoc, alice.id, 'Hola Bob', Date.now());
    const before = aliceSocket.frames.length;
    aliceSocket.send({
      type: 'sync',
      doc: chat,
      body: updateBody(Y.encodeStateAsUpdate(aliceDoc, sv)),
    });

    const ack = await aliceSocket.next((f) => f.type === 'ack' && f.doc === chat);
    // At the moment the ack arrives the row is committed.
    expect(await storedTexts()).toContain('Hola Bob');
    if (ack.type !== 'ack') throw new Error('not an ack');
    const acked = Y.decodeStateVector(ack.stateVector);
    // The ✓: every item of the message is below the acknowledged state vector.
    expect(acked.get(aliceDoc.clientID)).toBe(
      Y.decodeStateVector(Y.encodeStateVector(aliceDoc)).get(aliceDoc.clientID),
    );

    const live = await bobSocket.next(
      (f) => f.type === 'sync' && bobSocket.frames.indexOf(f) > 1 && f.doc === chat,
    );
    const bobDoc = new Y.Doc();
    bobSocket.frames.forEach((f) => applySync(bobDoc, f));
    expect(texts(bobDoc)).toContain('Hola Bob');
    expect(live.type).toBe('sync');
    await bobSocket.next(
      (f) => f.type === 'cursor' && bobSocket.frames.indexOf(f) > bobSocket.frames.indexOf(live),
    );

    // Of her own update, Alice gets back only what the server added: its receive time.
    const echo = await nextSync(aliceSocket, before);
    const echoed = new Y.Doc();
    applySync(echoed, echo);
    expect(texts(echoed)).toEqual([]);
    expect([...conversationParts(echoed).received.keys()]).toEqual([sent.id]);

    // Barrier: Bob answers. Anything more forwarded to Alice for her own message would reach
    // her socket before his answer, so the next update she gets must be the answer.
    await say(bobSocket, bob.id, chat, 'Hola Alice');
    const answer = await nextSync(aliceSocket, aliceSocket.frames.indexOf(echo) + 1);
    applySync(aliceDoc, answer);
    expect(texts(aliceDoc)).toContain('Hola Alice');
    expect(
      aliceSocket.frames.slice(before, aliceSocket.frames.indexOf(answer)).map((f) => f.type),
    ).toEqual(['ack', 'sync']);
  });

  it('gives a reconnecting device everything it missed in one pass, then a cursor', async () => {
    const first = await connect(bob);
    const cursorFrame = first.frames.at(-1)!;
    if (cursorFrame.type !== 'cursor') throw new Error('expected a cursor');
    const bobDoc = new Y.Doc();
    first.frames.forEach((f) => applySync(bobDoc, f));
    first.close();
    await first.closed;

    const aliceSocket = await connect(alice);
    const aliceDoc = new Y.Doc();
    aliceSocket.frames.forEach((f) => applySync(aliceDoc, f));
    for (const text of ['missed one', 'missed two', 'missed three']) {
      const sv = Y.encodeStateVector(aliceDoc);
      appendText(aliceDoc, alice.id, text, Date.now());
      const acks = aliceSocket.frames.filter((f) => f.type === 'ack').length;
      aliceSocket.send({
        type: 'sync',
        doc: chat,
        body: updateBody(Y.encodeStateAsUpdate(aliceDoc, sv)),
      });
      await aliceSocket.next(
        () => aliceSocket.frames.filter((f) => f.type === 'ack').length > acks,
      );
    }

    const again = await connect(bob, cursorFrame.cursor);
    const types = again.frames.map((f) => f.type);
    expect(types).toEqual(['welcome', 'sync', 'cursor']);
    again.frames.forEach((f) => applySync(bobDoc, f));
    expect(texts(bobDoc)).toEqual(
      expect.arrayContaining(['missed one', 'missed two', 'missed three']),
    );
    const next = again.frames.at(-1)!;
    expect(next.type === 'cursor' && Number(next.cursor)).toBeGreaterThan(
      Number(cursorFrame.cursor),
    );

    // With the newest cursor there is nothing to catch up on.
    const current = await connect(bob, next.type === 'cursor' ? next.cursor : '');
    expect(current.frames.map((f) => f.type)).toEqual(['welcome', 'cursor']);
  });

  it('refuses a message forged in the other person’s name: never stored, never forwarded', async () => {
    const aliceSocket = await connect(alice);
    const bobSocket = await connect(bob);
    const bobBefore = bobSocket.frames.length;
    const forged = new Y.Doc();
    aliceSocket.frames.forEach((f) => applySync(forged, f));
    const sv = Y.encodeStateVector(forged);
    appendText(forged, bob.id, 'I owe Alice 100 €', Date.now());
    aliceSocket.send({
      type: 'sync',
      doc: chat,
      body: updateBody(Y.encodeStateAsUpdate(forged, sv)),
    });
    expect(await aliceSocket.next((f) => f.type === 'error')).toMatchObject({
      type: 'error',
      doc: chat,
      kind: 'refused_update',
    });
    // Barrier: Alice then writes honestly; had the forgery been forwarded, Bob would have got
    // it first.
    await say(aliceSocket, alice.id, chat, 'Honest now');
    const first = await nextSync(bobSocket, bobBefore);
    expect(bobSocket.frames.indexOf(first)).toBe(bobBefore);
    const bobDoc = new Y.Doc();
    bobSocket.frames.forEach((f) => applySync(bobDoc, f));
    expect(texts(bobDoc)).toContain('Honest now');
    expect(texts(bobDoc)).not.toContain('I owe Alice 100 €');
    expect(await storedTexts()).not.toContain('I owe Alice 100 €');
  });

  it('acknowledges a resent update again without storing it twice', async () => {
    const aliceSocket = await connect(alice);
    const aliceDoc = new Y.Doc();
    aliceSocket.frames.forEach((f) => applySync(aliceDoc, f));
    const sv = Y.encodeStateVector(aliceDoc);
    appendText(aliceDoc, alice.id, 'only once', Date.now());
    const update = Y.encodeStateAsUpdate(aliceDoc, sv);
    aliceSocket.send({ type: 'sync', doc: chat, body: updateBody(update) });
    aliceSocket.send({ type: 'sync', doc: chat, body: updateBody(update) });
    await aliceSocket.next(() => aliceSocket.frames.filter((f) => f.type === 'ack').length === 2);
    expect((await storedTexts()).filter((t) => t === 'only once')).toHaveLength(1);
  });
});
