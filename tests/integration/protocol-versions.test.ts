/**
 * Protocol versions on the wire (docs/protocol.md, Versions): a v2 client gets refusals as a
 * reason code with details; a v1 client — an installed app that was offline for weeks — is still
 * served, in v1 frames, and told to update; below the minimum a client is closed with 4426.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  appendText,
  closeCodes,
  conversationParts,
  messageOf,
  MemoryDocStore,
  protocolVersion,
  type ServerFrame,
} from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawSocket, type RawSocket } from '../support/raw-socket.ts';

function updateBody(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe.each(backends)('on %s', (backend) => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let chat: string;

  beforeAll(async () => {
    server = await startTestServer({}, {}, backend);
    alice = await signIn(server.url, '+34644500001');
    bob = await signIn(server.url, '+34644500002');
    chat = await startChat(server.url, alice, bob.phone);
  });
  afterAll(async () => server?.close());

  /** A socket that said hello in `version` and finished its catch-up. */
  async function speaking(version: number, person: SignedIn = alice): Promise<RawSocket> {
    const socket = await rawSocket(server.url, person.cookie, 'personal', version);
    socket.send({ type: 'hello', version, cursor: '' });
    await socket.next((f) => f.type === 'cursor');
    return socket;
  }

  /** The server's copy of the chat, as a fresh device of Bob's sees it. */
  async function serverCopy(): Promise<Y.Doc> {
    const d = device(server.url, bob, new MemoryDocStore());
    d.client.start();
    await eventually(() => d.client.status === 'online' && d.store.docs.has(chat), 10_000, 'copy');
    const doc = d.store.docs.get(chat)!;
    d.client.stop();
    return doc;
  }

  /** An update from Alice that sets the server-owned participants of the chat. */
  async function forgedParticipants(): Promise<Uint8Array> {
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(await serverCopy()));
    const sv = Y.encodeStateVector(forged);
    conversationParts(forged).meta.set('participants', [{ id: alice.id, kind: 'person' }]);
    return updateBody(Y.encodeStateAsUpdate(forged, sv));
  }

  const errors = (socket: RawSocket) =>
    socket.frames.filter((f): f is Extract<ServerFrame, { type: 'error' }> => f.type === 'error');

  it('v2: a forged update is refused with its reason code and details', async () => {
    const socket = await speaking(protocolVersion);
    expect(socket.frames[0]).toMatchObject({ type: 'welcome', version: 2 });
    expect(errors(socket)).toEqual([]); // no notice to update
    socket.send({ type: 'sync', doc: chat, body: await forgedParticipants() });
    expect(await socket.next((f) => f.type === 'error')).toEqual({
      type: 'error',
      doc: chat,
      kind: 'refused_update',
      code: 'server_field',
      details: { field: 'meta' },
      message: messageOf({ code: 'server_field', details: { field: 'meta' } }),
    });
    socket.close();
  });

  it('v1: served in v1 frames, told to update, refusals as kind and sentence', async () => {
    const socket = await speaking(1);
    // Every frame so far was read as v1 (a v2 error frame would not have decoded).
    const [welcome, notice] = socket.frames;
    expect(welcome).toMatchObject({ type: 'welcome', version: 1, identity: alice.id });
    expect(notice).toEqual({
      type: 'error',
      doc: '',
      kind: 'version_too_old',
      code: 'unknown', // v1 frames carry no code
      details: {},
      message: messageOf({ code: 'version_too_old' }),
    });
    // Catch-up works as before: the chat arrives, then the cursor.
    expect(socket.frames.some((f) => f.type === 'sync' && f.doc === chat)).toBe(true);

    // It can still write …
    const copy = await serverCopy();
    const device1 = new Y.Doc();
    Y.applyUpdate(device1, Y.encodeStateAsUpdate(copy));
    const sv = Y.encodeStateVector(device1);
    appendText(device1, alice.id, 'sent from an old app', Date.now());
    socket.send({ type: 'sync', doc: chat, body: updateBody(Y.encodeStateAsUpdate(device1, sv)) });
    expect(await socket.next((f) => f.type === 'ack' && f.doc === chat)).toMatchObject({
      type: 'ack',
    });

    // … and a refusal reaches it in the v1 shape: doc, kind and the English sentence.
    socket.send({ type: 'sync', doc: chat, body: await forgedParticipants() });
    await socket.next((f) => f.type === 'error' && f.doc === chat);
    expect(errors(socket).filter((f) => f.doc === chat)).toEqual([
      {
        type: 'error',
        doc: chat,
        kind: 'refused_update',
        code: 'unknown',
        details: {},
        message: messageOf({ code: 'server_field', details: { field: 'meta' } }),
      },
    ]);
    socket.close();
  });

  it('a newer client is answered in the server’s version', async () => {
    const socket = await speaking(protocolVersion + 1);
    expect(socket.frames[0]).toMatchObject({ type: 'welcome', version: protocolVersion });
    socket.close();
  });

  it('below the minimum version: version_too_old and close 4426', async () => {
    const socket = await rawSocket(server.url, alice.cookie);
    socket.send({ type: 'hello', version: 0, cursor: '' });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({
      kind: 'version_too_old',
      code: 'version_too_old',
      details: { latest: protocolVersion },
    });
    expect((await socket.closed).code).toBe(closeCodes.tooOld);
  });
});
