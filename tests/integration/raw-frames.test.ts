/**
 * The server against a client that ignores the app's rules: raw frames, forged updates, garbage,
 * limits. Every refusal is explicit, nothing refused is stored or forwarded, nothing crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  appendText,
  conversationParts,
  limits,
  MemoryDocStore,
  messageSchema,
  protocolVersion,
  plainText,
  readParticipants,
  type ServerFrame,
} from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawSocket, type RawSocket } from '../support/raw-socket.ts';
import { syncBody } from '../support/sync-body.ts';

describe.each(backends)('on %s', (backend) => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let chat: string;

  beforeAll(async () => {
    // The fuzz sends 150 refused frames on one socket: above the default refusal burst, which
    // tests/integration/socket-abuse.test.ts covers.
    server = await startTestServer({}, { socketLimits: { refusalBurst: 1000 } }, backend);
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
          // The server's reaction, whichever comes: it closes, or it answers the frame.
          await Promise.race([socket.closed, socket.next(() => true)]);
          socket.close();
        }),
        { seed: 5, numRuns: 40 },
      );
      expect((await fetch(`${server.url}/health`)).ok).toBe(true);
      await welcomed(carol);
    });
  });

  describe('fuzz after hello', () => {
    it('answers every mutated sync frame, stays up, and keeps the document whole', async () => {
      const socket = await welcomed(alice);
      let closed = false;
      void socket.closed.then(() => (closed = true));

      // A valid update of the real conversation: Alice's next message.
      const base = new Y.Doc();
      Y.applyUpdate(base, Y.encodeStateAsUpdate(await serverCopy()));
      const sv = Y.encodeStateVector(base);
      appendText(base, alice.id, 'fuzz base', Date.now());
      const valid = Y.encodeStateAsUpdate(base, sv);
      const update = syncProtocol.messageYjsUpdate;

      const body = fc.oneof(
        // Truncated update, byte flips, random bytes: all as well-framed update messages.
        fc.nat().map((n) => syncBody(update, valid.slice(0, n % valid.length))),
        fc
          .array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), {
            minLength: 1,
            maxLength: 4,
          })
          .map((flips) => {
            const bytes = valid.slice();
            for (const [at, xor] of flips) bytes[at % bytes.length]! ^= xor;
            return syncBody(update, bytes);
          }),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => syncBody(update, bytes)),
        // The sync message itself cut short, or followed by garbage.
        fc.nat().map((n) => {
          const whole = syncBody(update, valid);
          return whole.slice(0, n % whole.length);
        }),
        fc.uint8Array({ minLength: 1, maxLength: 8 }).map((tail) => {
          const whole = syncBody(update, valid);
          return new Uint8Array([...whole, ...tail]);
        }),
        // Wrong message types: unknown ones, the update as a state vector (step 1), as step 2.
        fc.integer({ min: 3, max: 300 }).map((type) => syncBody(type, valid)),
        fc.constant(syncBody(syncProtocol.messageYjsSyncStep1, valid)),
        fc.constant(syncBody(syncProtocol.messageYjsSyncStep2, valid)),
        fc
          .uint8Array({ maxLength: 64 })
          .map((bytes) => syncBody(syncProtocol.messageYjsSyncStep1, bytes)),
      );
      const doc = fc.oneof(
        { weight: 6, arbitrary: fc.constant(chat) },
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            `${chat}~1`,
            'conv:nobody',
            `prefs:${alice.id}`,
            `prefs:${bob.id}`,
            `inbox:${alice.id}`,
            'profile:b_fuzz',
            'announcements',
            '',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      );

      /** The server's answer to the frame sent after `mark`: ack, error, or (an open) step 2. */
      const answer = async (mark: number, name: string): Promise<ServerFrame> => {
        const matches = (f: ServerFrame) =>
          'doc' in f &&
          f.doc === name &&
          (f.type === 'ack' ||
            f.type === 'error' ||
            (f.type === 'sync' && f.body[0] === syncProtocol.messageYjsSyncStep2));
        const deadline = Date.now() + 10_000;
        for (;;) {
          const found = socket.frames.slice(mark).find(matches);
          if (found) return found;
          if (closed || Date.now() > deadline)
            throw new Error(`no answer to a frame for ${JSON.stringify(name)}`);
          await new Promise((r) => setTimeout(r, 2));
        }
      };

      await fc.assert(
        fc.asyncProperty(doc, body, async (name, bytes) => {
          const mark = socket.frames.length;
          socket.send({ type: 'sync', doc: name, body: bytes });
          const reply = await answer(mark, name);
          expect(reply.type === 'error' ? reply.kind : reply.type).not.toBe('internal');
          expect(closed).toBe(false);
        }),
        { seed: 11, numRuns: 150 },
      );
      expect(socket.frames.some((f) => f.type === 'error' && f.kind === 'internal')).toBe(false);
      expect((await fetch(`${server.url}/health`)).ok).toBe(true);

      // The stored conversation is still whole: no missing dependencies, valid messages.
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await server.store.readStored(chat));
      expect(stored.store.pendingStructs).toBeNull();
      expect(stored.store.pendingDs).toBeNull();
      expect(
        readParticipants(stored)
          .map((p) => p.id)
          .sort(),
      ).toEqual([alice.id, bob.id].sort());
      const messages = conversationParts(stored).messages.toArray();
      for (const message of messages) expect(messageSchema.safeParse(message).success).toBe(true);
      expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);

      // A legitimate message afterwards, on the same socket, is acknowledged and delivered.
      const next = new Y.Doc();
      Y.applyUpdate(next, Y.encodeStateAsUpdate(stored));
      const before = Y.encodeStateVector(next);
      appendText(next, alice.id, 'after the fuzz', Date.now());
      const mark = socket.frames.length;
      socket.send({
        type: 'sync',
        doc: chat,
        body: syncBody(update, Y.encodeStateAsUpdate(next, before)),
      });
      expect((await answer(mark, chat)).type).toBe('ack');
      expect(
        conversationParts(await serverCopy())
          .messages.toArray()
          .map(plainText),
      ).toContain('after the fuzz');
      socket.close();
    }, 60_000);
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
        code: 'not_author',
      });
      // Barrier: Alice then writes honestly; had the forgery been forwarded, it would have
      // reached Bob's socket before her honest message.
      const honest = new Y.Doc();
      Y.applyUpdate(honest, Y.encodeStateAsUpdate(copy));
      const honestSv = Y.encodeStateVector(honest);
      appendText(honest, alice.id, 'Honest now', Date.now());
      const acks = socket.frames.filter((f) => f.type === 'ack').length;
      socket.send({
        type: 'sync',
        doc: chat,
        body: updateBody(Y.encodeStateAsUpdate(honest, honestSv)),
      });
      await socket.next(() => socket.frames.filter((f) => f.type === 'ack').length > acks);
      const first = await bobSocket.next(
        (f) => f.type === 'sync' && bobSocket.frames.indexOf(f) >= before,
      );
      const received = new Y.Doc();
      Y.applyUpdate(received, Y.encodeStateAsUpdate(copy));
      if (first.type === 'sync') {
        const decoder = decoding.createDecoder(first.body);
        decoding.readVarUint(decoder);
        Y.applyUpdate(received, decoding.readVarUint8Array(decoder));
      }
      expect(conversationParts(received).messages.toArray().map(plainText)).toContain('Honest now');
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
        headers: { cookie: erin.cookie, origin: server.url },
      });
      expect(response.ok).toBe(true);
      expect((await socket.closed).code).toBe(4401);
      expect(
        (await fetch(`${server.url}/api/me`, { headers: { cookie: erin.cookie } })).status,
      ).toBe(401);
    });
  });
});
