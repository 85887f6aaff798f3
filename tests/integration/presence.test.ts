/**
 * Presence on the /sync socket (docs/protocol.md, Presence): two devices see each other typing,
 * online and last seen; hiding last seen works both ways; and raw frames that break the rules —
 * someone else's client id, a conversation one is not in, a forged author, oversized, too many —
 * are refused or dropped, relayed to nobody, and nothing of presence is ever stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendText,
  docName,
  readAwarenessEntries,
  presenceLimits,
  protocolVersion,
  setBlockedPerson,
  setSwitch,
  writeAwarenessEntries,
  type ServerFrame,
  type SyncClient,
} from '@souk/sync';
import { PresenceClient } from '@souk/sync/presence';
import { startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawSocket, type RawSocket } from '../support/raw-socket.ts';

type Entry = [clientId: number, state: unknown, clock?: number];
const update = (entries: Entry[]) =>
  writeAwarenessEntries(
    entries.map(([clientId, state, clock = 1]) => ({
      clientId,
      clock,
      state: JSON.stringify(state),
    })),
  );

describe('presence', () => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let chat: string;
  const running: SyncClient[] = [];
  const presences: PresenceClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    alice = await signIn(server.url, '+34644500001');
    bob = await signIn(server.url, '+34644500002');
    carol = await signIn(server.url, '+34644500003');
    chat = await startChat(server.url, alice, bob.phone);
  });
  afterAll(async () => {
    presences.forEach((presence) => presence.leave(chat));
    running.forEach((client) => client.stop());
    await server?.close();
  });

  /** A device in the chat's room, signed in as `person`. */
  async function present(person: SignedIn) {
    const { client } = device(server.url, person);
    running.push(client);
    const presence = new PresenceClient(client);
    presences.push(presence);
    client.start();
    await eventually(() => client.status === 'online', 10_000, 'online');
    presence.join(chat, await client.open(chat));
    return { client, presence };
  }

  async function welcomed(person: SignedIn): Promise<RawSocket> {
    const socket = await rawSocket(server.url, person.cookie);
    socket.send({ type: 'hello', version: protocolVersion, cursor: '' });
    await socket.next((f) => f.type === 'cursor');
    return socket;
  }

  const refusal = (socket: RawSocket, code: string) =>
    socket.next((f) => f.type === 'error' && f.code === code);

  it('shows each other typing and online, and last seen once one leaves', async () => {
    const seqBefore = await server.store.currentSeq();
    const a = await present(alice);
    const b = await present(bob);
    await eventually(() => b.presence.view(chat).online === true, 5000, 'bob sees alice online');
    await eventually(() => a.presence.view(chat).online === true, 5000, 'alice sees bob online');

    a.presence.typing(chat, true);
    await eventually(() => b.presence.view(chat).typing, 5000, 'bob sees alice typing');
    expect(a.presence.view(chat).typing).toBe(false);
    a.presence.typing(chat, false);
    await eventually(() => !b.presence.view(chat).typing, 5000, 'typing stops');
    // Bob leaves the chat and comes back on the same socket: he is told the room again.
    b.presence.leave(chat);
    expect(b.presence.view(chat).online).toBeNull();
    b.presence.join(chat, await b.client.open(chat));
    await eventually(() => b.presence.view(chat).online === true, 5000, 'told again');

    const before = Date.now();
    a.client.stop();
    await eventually(() => b.presence.view(chat).online === false, 5000, 'alice offline');
    expect(b.presence.view(chat).seen).toBeGreaterThanOrEqual(before);
    b.client.stop();
    // Presence is never stored: nothing was committed by any of it.
    expect(await server.store.currentSeq()).toBe(seqBefore);
  });

  it('hides last seen both ways once a person turns it off, at once', async () => {
    const a = await present(alice);
    const b = await present(bob);
    await eventually(() => b.presence.view(chat).online === true, 5000, 'alice online');
    a.client.stop();
    await eventually(() => b.presence.view(chat).seen !== null, 5000, 'alice last seen');
    const prefs = await b.client.open(docName('prefs', bob.id));
    setSwitch(prefs, 'lastSeen', false);
    // Bob hides his, so he sees no one's: the server takes it back as soon as it has the choice.
    await eventually(() => b.presence.view(chat).seen === null, 5000, 'alice last seen hidden');
    expect(b.presence.view(chat).online).toBe(false);

    const a2 = await present(alice);
    await eventually(() => a2.presence.view(chat).online === true, 5000, 'bob online');
    b.client.stop();
    await eventually(() => a2.presence.view(chat).online === false, 5000, 'bob offline');
    expect(a2.presence.view(chat).seen).toBeNull(); // and no one sees his
    a2.client.stop();
  });

  it('a person who blocks another shows them nothing of their presence', async () => {
    const a = await present(alice);
    const b = await present(bob);
    await eventually(() => a.presence.view(chat).online === true, 5000, 'bob online');
    let sawTyping = false;
    a.presence.on('change', () => (sawTyping ||= a.presence.view(chat).typing));
    const prefs = await b.client.open(docName('prefs', bob.id));
    setBlockedPerson(prefs, alice.id, true);
    await eventually(() => a.presence.view(chat).online === null, 5000, 'bob gone for alice');
    b.presence.typing(chat, true);
    setBlockedPerson(prefs, alice.id, false);
    // Unblocked (after his typing went out, on the same socket): she sees him online again...
    await eventually(() => a.presence.view(chat).online === true, 5000, 'bob back for alice');
    // ...and she never heard him typing while blocked.
    expect(sawTyping).toBe(false);
    a.presence.leave(chat);
    b.presence.leave(chat);
    a.client.stop();
    b.client.stop();
  });

  describe('raw frames', () => {
    it('refuses a conversation the socket is not a member of, and relays nothing', async () => {
      const watcher = await welcomed(bob);
      watcher.send({ type: 'awareness', doc: chat, body: update([[700_001, { typing: false }]]) });
      await watcher.next((f) => f.type === 'awareness' && f.doc === chat);
      const intruder = await welcomed(carol);
      intruder.send({ type: 'awareness', doc: chat, body: update([[700_002, { typing: true }]]) });
      const refused = await refusal(intruder, 'not_readable');
      expect(refused).toMatchObject({ doc: '', kind: 'forbidden', details: { awareness: chat } });
      // Not a conversation head at all, either.
      intruder.send({ type: 'awareness', doc: docName('prefs', bob.id), body: update([]) });
      await eventually(
        () => intruder.frames.filter((f) => f.type === 'error').length === 2,
        5000,
        'second refusal',
      );
      // The watcher heard nothing from carol: a frame it does get after hers proves the order.
      const alicesSocket = await welcomed(alice);
      alicesSocket.send({
        type: 'awareness',
        doc: chat,
        body: update([[700_003, { typing: true }]]),
      });
      await watcher.next((f) => relayed(f).some((s) => s.who === alice.id));
      expect(watcher.frames.flatMap(relayed).some((s) => s.who === carol.id)).toBe(false);
      [watcher, intruder, alicesSocket].forEach((s) => s.close());
    });

    it('stamps the real author, and refuses a forged one or any other field', async () => {
      const watcher = await welcomed(bob);
      watcher.send({ type: 'awareness', doc: chat, body: update([[710_001, { typing: false }]]) });
      const forger = await welcomed(alice);
      forger.send({
        type: 'awareness',
        doc: chat,
        body: update([[710_002, { typing: true, who: bob.id }]]),
      });
      expect(await refusal(forger, 'malformed_frame')).toMatchObject({
        details: { problem: 'awareness state', awareness: chat },
      });
      forger.send({ type: 'awareness', doc: chat, body: update([[710_002, { typing: true }]]) });
      const frame = await watcher.next((f) => relayed(f).some((s) => s.typing === true));
      expect(relayed(frame)).toEqual([{ who: alice.id, typing: true }]);
      [watcher, forger].forEach((s) => s.close());
    });

    it("refuses someone else's client id: the server's, bound to another, or held in the room", async () => {
      const attacker = await welcomed(alice);
      attacker.send({ type: 'awareness', doc: chat, body: update([[0, { typing: true }]]) });
      await refusal(attacker, 'client_id_taken');

      // Bob's device writes to the chat: its client id is bound to him in the document.
      const { client } = device(server.url, bob);
      running.push(client);
      client.start();
      const doc = await client.open(chat);
      const acked = new Promise<void>((resolve) => client.on('ack', () => resolve()));
      appendText(doc, bob.id, 'hello', Date.now());
      await acked;
      client.stop();
      attacker.send({
        type: 'awareness',
        doc: chat,
        body: update([[doc.clientID, { typing: true }]]),
      });
      await eventually(
        () => attacker.frames.filter((f) => f.type === 'error').length === 2,
        5000,
        'bound id refused',
      );

      const holder = await welcomed(bob);
      holder.send({ type: 'awareness', doc: chat, body: update([[720_001, { typing: false }]]) });
      await holder.next((f) => f.type === 'awareness');
      attacker.send({ type: 'awareness', doc: chat, body: update([[720_001, { typing: true }]]) });
      await eventually(
        () => attacker.frames.filter((f) => f.type === 'error').length === 3,
        5000,
        'held id refused',
      );
      expect(
        attacker.frames.filter((f) => f.type === 'error').map((f) => f.type === 'error' && f.code),
      ).toEqual(['client_id_taken', 'client_id_taken', 'client_id_taken']);
      // The holder hears the server's word that alice is online, and nothing she announced.
      expect(holder.frames.flatMap(relayed).some((s) => 'typing' in s)).toBe(false);
      [attacker, holder].forEach((s) => s.close());
    });

    it('refuses an oversized update and closes a socket that floods', async () => {
      const socket = await welcomed(alice);
      const big = update([[730_001, { typing: true }, 1]]);
      const padded = new Uint8Array(presenceLimits.maxBytes + 1);
      padded.set(big);
      socket.send({ type: 'awareness', doc: chat, body: padded });
      expect(await refusal(socket, 'awareness_too_large')).toMatchObject({
        kind: 'limit_exceeded',
        details: { max: presenceLimits.maxBytes },
      });
      const body = update([[730_001, { typing: true }]]);
      for (let i = 0; i < presenceLimits.closeAt + 10; i++)
        socket.send({ type: 'awareness', doc: chat, body });
      expect((await socket.closed).code).toBe(4413);
    });
  });
});

/** The states in a relayed awareness frame. */
function relayed(frame: ServerFrame): Record<string, unknown>[] {
  if (frame.type !== 'awareness') return [];
  return (readAwarenessEntries(frame.body) ?? [])
    .map((entry) => JSON.parse(entry.state) as Record<string, unknown> | null)
    .filter((state) => state !== null);
}
