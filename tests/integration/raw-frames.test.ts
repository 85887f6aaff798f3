/**
 * The server against a client that ignores the app's rules: raw frames, forged updates, garbage,
 * limits. Every refusal is explicit, nothing refused is stored or forwarded, nothing crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  appendText,
  conversationParts,
  limits,
  MemoryDocStore,
  protocolVersion,
  plainText,
} from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawSocket, type RawSocket } from '../support/raw-socket.ts';

describe.each(backends)('on %s', (backend) => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let chat: string;

  beforeAll(async () => {
    server = await startTestServer({}, {}, backend);
    alice = await signIn(server.url, '+34644400001');
    bob = await signIn(server.url, '+34644400002');
    carol = await signIn(server.url, '+34644400003');
    chat = await startChat(server.url, alice, bob.phone);
  });
  afterAll(async () => server?.close());

  function updateBody(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  }

  async function welcomed(person: SignedIn): Promise<RawSocket> {
    const socket = await rawSocket(server.url, person.cookie);
    socket.send({ type: 'hello', version: protocolVersion, cursor: '' });
    await socket.next((f) => f.type === 'cursor');
    return socket;
  }

  /** The server's copy of the chat, as a fresh device of Bob's sees it. */
  async function serverCopy(): Promise<Y.Doc> {
    const d = device(server.url, bob, new MemoryDocStore());
    d.client.start();
    await eventually(() => d.client.status === 'online' && d.store.docs.has(chat), 10_000, 'copy');
    d.client.stop();
    return d.store.docs.get(chat)!;
  }

  describe('authentication and framing', () => {
    it('closes sockets without a session with 4401', async () => {
      const socket = await rawSocket(server.url);
      expect((await socket.closed).code).toBe(4401);
    });

    it('answers a malformed frame with bad_request and closes with 4400', async () => {
      const socket = await rawSocket(server.url, alice.cookie);
      socket.send(new Uint8Array([42, 1, 2, 3]));
      expect(await socket.next((f) => f.type === 'error')).toMatchObject({ kind: 'bad_request' });
      expect((await socket.closed).code).toBe(4400);
    });

    it('refuses an old protocol version with 4426', async () => {
      const socket = await rawSocket(server.url, alice.cookie);
      socket.send({ type: 'hello', version: 0, cursor: '' });
      expect(await socket.next((f) => f.type === 'error')).toMatchObject({
        kind: 'version_too_old',
      });
      expect((await socket.closed).code).toBe(4426);
    });

    it('closes oversized frames', async () => {
      const socket = await welcomed(alice);
      socket.send(new Uint8Array(limits.maxFrameBytes + 10));
      expect((await socket.closed).code).toBe(4400);
    });

    it('survives random frames and keeps serving everyone', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (bytes) => {
          const socket = await rawSocket(server.url, carol.cookie);
          socket.send(new Uint8Array([1, ...bytes]));
          await Promise.race([socket.closed, new Promise((r) => setTimeout(r, 30))]);
          socket.close();
        }),
        { seed: 5, numRuns: 40 },
      );
      expect((await fetch(`${server.url}/health`)).ok).toBe(true);
      await welcomed(carol);
    });
  });

  describe('authorisation of documents and changes', () => {
    it('does not let a stranger open or write a conversation', async () => {
      const socket = await welcomed(carol);
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      socket.send({ type: 'sync', doc: chat, body: encoding.toUint8Array(encoder) });
      expect(await socket.next((f) => f.type === 'error')).toMatchObject({
        doc: chat,
        kind: 'forbidden',
      });
      const forged = new Y.Doc();
      appendText(forged, carol.id, 'let me in', Date.now());
      socket.send({ type: 'sync', doc: chat, body: updateBody(Y.encodeStateAsUpdate(forged)) });
      await socket.next(
        (f) =>
          f.type === 'error' &&
          f.kind === 'forbidden' &&
          socket.frames.filter((x) => x.type === 'error').length >= 2,
      );
      expect(
        conversationParts(await serverCopy())
          .messages.toArray()
          .map(plainText),
      ).not.toContain('let me in');
    });

    it('refuses a message forged in the other participant’s name and never forwards it', async () => {
      const bobSocket = await welcomed(bob);
      const before = bobSocket.frames.length;
      const socket = await welcomed(alice);
      const copy = await serverCopy();
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(copy));
      const sv = Y.encodeStateVector(forged);
      appendText(forged, bob.id, 'I owe Alice 100 €', Date.now());
      socket.send({ type: 'sync', doc: chat, body: updateBody(Y.encodeStateAsUpdate(forged, sv)) });
      expect(await socket.next((f) => f.type === 'error')).toMatchObject({
        doc: chat,
        kind: 'refused_update',
        message: 'a message can only be written by its author',
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(bobSocket.frames.slice(before).some((f) => f.type === 'sync')).toBe(false);
      expect(
        conversationParts(await serverCopy())
          .messages.toArray()
          .map(plainText),
      ).not.toContain('I owe Alice 100 €');
    });

    it('refuses changes to server-owned fields', async () => {
      const socket = await welcomed(alice);
      const copy = await serverCopy();
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(copy));
      const sv = Y.encodeStateVector(forged);
      conversationParts(forged).meta.set('participants', [{ id: alice.id, kind: 'person' }]);
      socket.send({ type: 'sync', doc: chat, body: updateBody(Y.encodeStateAsUpdate(forged, sv)) });
      expect(await socket.next((f) => f.type === 'error')).toMatchObject({
        kind: 'refused_update',
      });
    });
  });

  describe('limits', () => {
    it(`allows at most ${limits.maxSocketsPerIdentity} sockets per identity`, async () => {
      const dave = await signIn(server.url, '+34644400004');
      const sockets = await Promise.all(
        Array.from({ length: limits.maxSocketsPerIdentity }, () => welcomed(dave)),
      );
      const extra = await rawSocket(server.url, dave.cookie);
      expect((await extra.closed).code).toBe(4429);
      sockets.forEach((s) => s.close());
    });

    it(`opens at most ${limits.maxDocsPerSocket} documents per socket`, async () => {
      const socket = await welcomed(carol);
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      const step1 = encoding.toUint8Array(encoder);
      for (let i = 0; i <= limits.maxDocsPerSocket; i++) {
        socket.send({ type: 'sync', doc: `profile:b_limit${i}`, body: step1 });
      }
      expect(await socket.next((f) => f.type === 'error', 60_000)).toMatchObject({
        doc: `profile:b_limit${limits.maxDocsPerSocket}`,
        kind: 'limit_exceeded',
      });
      socket.close();
    }, 90_000);

    it('closes the sockets of a revoked session', async () => {
      const erin = await signIn(server.url, '+34644400005');
      const socket = await welcomed(erin);
      const response = await fetch(`${server.url}/api/auth/sign-out`, {
        method: 'POST',
        headers: { cookie: erin.cookie },
      });
      expect(response.ok).toBe(true);
      expect((await socket.closed).code).toBe(4401);
      expect(
        (await fetch(`${server.url}/api/me`, { headers: { cookie: erin.cookie } })).status,
      ).toBe(401);
    });
  });
});
