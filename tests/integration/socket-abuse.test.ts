/**
 * Bounded memory on the sync socket (issue 13, item 6), tried as an attacker would with a raw
 * `ws` client: one that asks for a large document again and again but never reads the answers
 * (a slow reader: 4408), one that floods frames faster than they are handled (4413), and one that
 * keeps sending updates the rules refuse (4422). Each is closed with its documented code while an
 * honest device of the same person keeps working; a device asking for many documents it may not
 * read (profiles of people who blocked it) is answered and stays. The limits are lowered here so the tests stay
 * small; the mechanisms are those of the defaults (server/src/sync/socket-guard.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import {
  appendText,
  protocolVersion,
  readServerFrame,
  writeFrame,
  type ServerFrame,
} from '@souk/sync';
import { createLogger } from '@souk/server';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawParty } from '../support/raw-party.ts';
import { askWhole, syncBody } from '../support/sync-body.ts';

const KiB = 1024;

/** A raw client past hello: its frames, and how it was closed. */
async function attacker(server: TestServer, who: SignedIn) {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync?app=personal`, {
    headers: { cookie: who.cookie },
    origin: server.url,
  });
  ws.binaryType = 'arraybuffer';
  const frames: ServerFrame[] = [];
  ws.on('message', (data: ArrayBuffer) => frames.push(readServerFrame(new Uint8Array(data))));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(writeFrame({ type: 'hello', version: protocolVersion, cursor: '' }));
  await eventually(() => frames.some((f) => f.type === 'cursor'), 10_000, 'catch-up');
  return { ws, frames, closed };
}

/** A server with the given socket limits and a conversation of about 100 KiB between two people. */
async function seededServer(backend: (typeof backends)[number], socketLimits: object) {
  const log: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void log.push(line) });
  const server = await startTestServer({}, { logger, socketLimits }, backend);
  const alice = await signIn(server.url, '+34633300001');
  const bob = await signIn(server.url, '+34633300002');
  const chat = await startChat(server.url, alice, bob.phone);
  // Large enough that each answer to "send me all of it" is large.
  const device = await rawParty(server.url, alice);
  const text = 'long message '.repeat(300);
  for (let round = 0; round < 4; round++) {
    const ack = await device.write(chat, (doc) => {
      for (let i = 0; i < 6; i++) appendText(doc, alice.id, text, Date.now());
    });
    expect(ack.type, JSON.stringify(ack)).toBe('ack');
  }
  device.close();
  const closedFor = (code: number) => log.some((line) => line.includes(`"code":${code}`));
  return { server, alice, bob, chat, closedFor };
}

describe.each(backends)('a slow reader on %s', (backend) => {
  let seeded: Awaited<ReturnType<typeof seededServer>>;
  // Inbound limits out of reach: only the outbound buffer can close this socket.
  beforeAll(async () => {
    seeded = await seededServer(backend, {
      maxOutboundBytes: 256 * KiB,
      maxInboundFrames: 1_000_000,
      maxInboundBytes: 1024 * 1024 * KiB,
    });
  });
  afterAll(() => seeded.server.close());

  it('a client that asks and never reads is closed with 4408', async () => {
    const { server, bob, chat, closedFor } = seeded;
    const { ws, closed } = await attacker(server, bob);
    ws.pause();
    // 2,000 answers of ~100 KiB each: far beyond the 256 KiB cap and any socket buffers.
    for (let i = 0; i < 2000; i++) ws.send(askWhole(chat));
    // Paused, the client only learns of the close by reading: the server's log says it happened.
    await eventually(() => closedFor(4408), 30_000, 'the slow reader closed');
    ws.resume();
    expect(await closed).toBe(4408);
  });
});

describe.each(backends)('socket limits on %s', (backend) => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let chat: string;

  beforeAll(async () => {
    ({ server, alice, bob, chat } = await seededServer(backend, {
      maxOutboundBytes: 256 * KiB,
      maxInboundFrames: 64,
      refusalBurst: 20,
    }));
  });
  afterAll(() => server.close());

  it('a client that floods frames faster than they are handled is closed with 4413', async () => {
    const { ws, closed } = await attacker(server, bob);
    for (let i = 0; i < 2000; i++) ws.send(askWhole(chat));
    expect(await closed).toBe(4413);
  });

  it('a device asking for many documents it may not read is answered and stays connected', async () => {
    // Profiles of people who blocked a shop: more than the refusal budget (20 here), each a
    // refusal, none of them counted against the socket.
    const { ws, frames } = await attacker(server, bob);
    const strangers = Array.from({ length: 60 }, (_, i) => `person:u_blocker${i}`);
    for (let start = 0; start < strangers.length; start += 20) {
      for (const doc of strangers.slice(start, start + 20)) ws.send(askWhole(doc));
      const answered = start + 20;
      await eventually(
        () => frames.filter((f) => f.type === 'error').length >= answered,
        10_000,
        'the refusals',
      );
    }
    expect(
      frames.filter(
        (f) => f.type === 'error' && f.code === 'not_readable' && f.kind === 'forbidden',
      ),
    ).toHaveLength(60);
    ws.send(askWhole(chat));
    await eventually(() => frames.some((f) => f.type === 'sync' && f.doc === chat), 10_000, 'chat');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('a client that keeps sending refused updates is closed with 4422', async () => {
    const { ws, frames, closed } = await attacker(server, bob);
    let sent = 0;
    const forge = () => {
      // Bob writes in Alice's name: refused every time.
      const forged = new Y.Doc();
      appendText(forged, alice.id, `forged ${sent++}`, Date.now());
      ws.send(
        writeFrame({
          type: 'sync',
          doc: chat,
          body: syncBody(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(forged)),
        }),
      );
    };
    while (ws.readyState === WebSocket.OPEN && sent < 500) {
      forge();
      await eventually(
        () =>
          ws.readyState !== WebSocket.OPEN ||
          frames.filter((f) => f.type === 'error').length >= sent,
        10_000,
        'the refusal',
      );
    }
    expect(await closed).toBe(4422);
    const refusals = frames.filter((f) => f.type === 'error').length;
    expect(refusals).toBeGreaterThanOrEqual(20);
    expect(refusals).toBeLessThanOrEqual(22);
  });

  it('an honest device of the same person keeps working', async () => {
    const honest = await rawParty(server.url, bob);
    const ack = await honest.write(chat, (doc) =>
      appendText(doc, bob.id, 'still here', Date.now()),
    );
    expect(ack.type).toBe('ack');
    honest.close();
  });
});
