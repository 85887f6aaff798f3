/**
 * The y-websocket door (issue 20, docs/yjs.md) with the real `y-websocket` package's
 * `WebsocketProvider` in Node, against the real server on both databases: it syncs a
 * conversation with a phone on the multiplexed /sync socket in both directions, and every refusal
 * is tried — a document it may not open, a forged change, a token used twice or too late,
 * awareness for a client id it does not own, oversized and flooding awareness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { appendText, conversationParts, plainText, yjsTokenTtlMs } from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import {
  rawYjsSocket,
  requestYjsToken,
  yjsProvider,
  yjsToken,
  type TestProvider,
} from '../support/yjs-door.ts';

const texts = (doc: Y.Doc) => conversationParts(doc).messages.toArray().map(plainText);

/** A y-websocket awareness message with the given entries, written by hand. */
function awarenessMessage(
  entries: Array<[clientId: number, state: unknown]>,
  clock = 1,
): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const [clientId, state] of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

describe.each(backends)('the y-websocket door, on %s', (backend) => {
  let server: TestServer;
  let now = Date.now();
  const clock = { now: () => now };
  let alice: SignedIn;
  let bob: SignedIn;
  let chat: string;
  const providers: TestProvider[] = [];
  const prefix = backend === 'pglite' ? '+3461300' : '+3461400';

  beforeAll(async () => {
    server = await startTestServer({}, { clock }, backend);
    alice = await signIn(server.url, `${prefix}0001`);
    bob = await signIn(server.url, `${prefix}0002`);
    chat = await startChat(server.url, alice, bob.phone);
  });
  afterAll(async () => {
    providers.forEach((p) => p.provider.destroy());
    await server?.close();
  });

  const open = async (person: SignedIn, doc = chat): Promise<TestProvider> => {
    const provider = yjsProvider(server.url, doc, await yjsToken(server.url, person, doc));
    providers.push(provider);
    return provider;
  };

  const storedTexts = async () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await server.store.readStored(chat));
    return texts(doc);
  };

  it('syncs a conversation with a device on /sync, in both directions', async () => {
    const phone = device(server.url, bob);
    phone.client.start();
    const bobDoc = await phone.client.open(chat);
    await eventually(() => phone.client.status === 'online', 10_000, 'bob online');

    const a = await open(alice);
    await a.synced;
    appendText(a.doc, alice.id, 'Hola from a WebsocketProvider', now);
    await eventually(
      () => texts(bobDoc).includes('Hola from a WebsocketProvider'),
      10_000,
      'the device receives',
    );
    expect(await storedTexts()).toContain('Hola from a WebsocketProvider');

    appendText(bobDoc, bob.id, 'Hola from a phone', now);
    await eventually(
      () => texts(a.doc).includes('Hola from a phone'),
      10_000,
      'the provider receives',
    );
    phone.client.stop();
  });

  it('refuses a document the identity may not open: no token, and a token for another document', async () => {
    const carol = await signIn(server.url, `${prefix}0003`);
    const refused = await requestYjsToken(server.url, carol, chat);
    expect(refused.status).toBe(403);
    expect(refused.body.details?.reason).toBe('not_readable');

    // Carol's token for her own preferences does not open Alice and Bob's chat.
    const own = await yjsToken(server.url, carol, `prefs:${carol.id}`);
    const forged = yjsProvider(server.url, chat, own);
    providers.push(forged);
    expect((await forged.closed).code).toBe(4401);
    expect(texts(forged.doc)).toEqual([]);
  });

  it('answers a forged change with permission-denied and its code, and stores nothing', async () => {
    const a = await open(alice);
    await a.synced;
    const denied = a.nextDenial();
    appendText(a.doc, bob.id, 'forged in Bob’s name', now);
    expect(await denied).toMatchObject({ kind: 'refused_update', code: 'not_author' });
    expect(await storedTexts()).not.toContain('forged in Bob’s name');
  });

  it('gives a token only to a session, for a document name within bounds', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${server.url}/api/yjs/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url, ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({}, { doc: chat })).status).toBe(401);
    const signedIn = { cookie: alice.cookie, 'x-souk-app': 'personal' };
    expect((await post(signedIn, { doc: '' })).status).toBe(400);
    expect((await post(signedIn, { doc: 'x'.repeat(201) })).status).toBe(400);
    expect((await post(signedIn, { doc: chat, extra: 1 })).status).toBe(400);
  });

  it('closes the sockets of a session when it signs out', async () => {
    const carla = await signIn(server.url, `${prefix}0004`);
    const own = `prefs:${carla.id}`;
    const p = yjsProvider(server.url, own, await yjsToken(server.url, carla, own));
    providers.push(p);
    await p.synced;
    const out = await fetch(`${server.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: carla.cookie, 'x-souk-app': 'personal', origin: server.url },
    });
    expect(out.status).toBe(200);
    expect((await p.closed).code).toBe(4401);
  });

  it('refuses a token the second time, and after 60 seconds', async () => {
    const token = await yjsToken(server.url, alice, chat);
    const first = yjsProvider(server.url, chat, token);
    providers.push(first);
    await first.synced;
    const second = yjsProvider(server.url, chat, token);
    providers.push(second);
    expect(await second.closed).toEqual({ code: 4401, reason: 'token refused' });

    const late = await yjsToken(server.url, alice, chat);
    now += yjsTokenTtlMs;
    const expired = yjsProvider(server.url, chat, late);
    providers.push(expired);
    expect((await expired.closed).code).toBe(4401);
  });

  it('relays awareness, dropping entries for client ids of another identity and oversized ones', async () => {
    // Bob's phone writes, so its client id is bound to Bob in the document.
    const phone = device(server.url, bob);
    phone.client.start();
    const bobDoc = await phone.client.open(chat);
    appendText(bobDoc, bob.id, 'binding my client id', now);
    await eventually(
      async () => (await storedTexts()).includes('binding my client id'),
      10_000,
      'bob stored',
    );
    phone.client.stop();

    const watcher = await open(bob);
    await watcher.synced;
    const seen: unknown[] = [];
    watcher.provider.awareness.on('change', () => {
      for (const [clientId, state] of watcher.provider.awareness.getStates())
        if (clientId !== watcher.doc.clientID) seen.push({ clientId, ...state });
    });

    const raw = rawYjsSocket(server.url, chat, await yjsToken(server.url, alice, chat));
    await raw.opened;
    // One message: an entry for Bob's phone's client id (dropped) and one of Alice's own (kept).
    raw.ws.send(
      awarenessMessage([
        [bobDoc.clientID, { name: 'not bob' }],
        [777_001, { name: 'alice' }],
      ]),
    );
    // Too large: dropped; the small one after it is the barrier.
    raw.ws.send(awarenessMessage([[777_001, { name: 'x'.repeat(8_000) }]], 2));
    raw.ws.send(awarenessMessage([[777_001, { name: 'alice again' }]], 3));
    await eventually(
      () => watcher.provider.awareness.getStates().get(777_001)?.name === 'alice again',
      10_000,
      'alice’s awareness relayed',
    );
    expect(watcher.provider.awareness.getStates().has(bobDoc.clientID)).toBe(false);
    expect(seen).not.toContainEqual(expect.objectContaining({ clientId: bobDoc.clientID }));
    expect(seen.some((s) => JSON.stringify(s).includes('xxxxxxxx'))).toBe(false);
    raw.ws.close();
  });

  it('answers a message that is not one y-websocket message with malformed_frame and 4400', async () => {
    const raw = rawYjsSocket(server.url, chat, await yjsToken(server.url, alice, chat));
    await raw.opened;
    raw.ws.send(new Uint8Array([7, 1, 2]));
    expect((await raw.closed).code).toBe(4400);
    const denial = raw.frames.find((frame) => frame[0] === 2)!;
    expect(new TextDecoder().decode(denial)).toContain('"code":"malformed_frame"');
  });

  it('closes a socket that floods awareness with 4413', async () => {
    const raw = rawYjsSocket(server.url, chat, await yjsToken(server.url, alice, chat));
    await raw.opened;
    for (let i = 0; i < 400; i++) raw.ws.send(awarenessMessage([[888_001, { i }]]));
    expect((await raw.closed).code).toBe(4413);
  });
});
