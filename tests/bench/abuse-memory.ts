/**
 * Server memory under abuse, next to a quiet baseline (issue 13, item 6): the same Souk process
 * (souk-process.ts, its own event loop) is measured after a full collection while each abuse
 * pattern is under way, with the default limits:
 * - quiet: the signed-in sockets idle, one ~100 KiB conversation loaded;
 * - slow readers: sockets that ask for that conversation again and again and never read
 *   (each is cut at 8 MiB buffered, close code 4408);
 * - floods: sockets that send empty updates as fast as they can (4413 past 4096 frames waiting);
 * - refusals: sockets that keep sending forged updates (4422 after 100);
 * - oversized bodies: anonymous requests streaming endless chunked bodies (413 after 64 KiB).
 * `BENCH_ABUSERS` (default 20) clients take part in each pattern. See docs/benchmarks.md.
 */
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import { request } from 'node:http';
import { appendText, protocolVersion, writeFrame } from '@souk/sync';
import { benchSocket } from './bench-socket.ts';
import { createStorage, inParallel, mb, signInMany, startSouk } from './souk.ts';
import { startChat } from '../support/people.ts';
import { askWhole, syncBody } from '../support/sync-body.ts';
import type { MemoryReport } from './souk-process.ts';
import type { SignedIn } from '../support/people.ts';

const abusers = Number(process.env.BENCH_ABUSERS ?? 20);

export interface AbuseRow {
  pattern: string;
  memory: MemoryReport;
  /** How the abusing sockets or requests ended (close codes, statuses). */
  endings: Record<string, number>;
}

/** A raw socket past hello; `ended` resolves with its close code. */
async function rawClient(url: string, who: SignedIn) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/sync?app=personal`, {
    headers: { cookie: who.cookie },
    origin: url,
  });
  const ended = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  let cursor = false;
  ws.on('message', () => (cursor = true));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(writeFrame({ type: 'hello', version: protocolVersion, cursor: '' }));
  while (!cursor) await new Promise((resolve) => setTimeout(resolve, 5));
  return { ws, ended };
}

const tally = (codes: Array<number | string>) =>
  codes.reduce<Record<string, number>>((all, code) => {
    all[code] = (all[code] ?? 0) + 1;
    return all;
  }, {});

/** Streams a chunked body until the server answers; resolves with the status. */
function endlessBody(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${url}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    let done = false;
    req.on('response', (res) => {
      done = true;
      res.resume();
      resolve(String(res.statusCode));
      req.destroy();
    });
    req.on('error', () => !done && resolve('reset'));
    const chunk = Buffer.alloc(16 * 1024, 120);
    const more = () => {
      while (!done && req.write(chunk));
      if (!done) req.once('drain', more);
    };
    more();
  });
}

export async function runAbuseMemory(): Promise<AbuseRow[]> {
  const storage = await createStorage('pglite');
  const souk = await startSouk(storage);
  const rows: AbuseRow[] = [];
  try {
    const people = await signInMany(souk.url, abusers + 1);
    const [owner, ...members] = people as [SignedIn, ...SignedIn[]];
    // Each abuser has a chat with the owner holding about 100 KiB: what a slow reader asks for.
    const chats = await inParallel(members.length, 4, (i) =>
      startChat(souk.url, owner, members[i]!.phone),
    );
    const writer = await benchSocket(souk.url, owner.cookie);
    for (const chat of chats) {
      const history = new Y.Doc();
      for (let round = 0; round < 4; round++) {
        const before = Y.encodeStateVector(history);
        for (let i = 0; i < 6; i++)
          appendText(history, owner.id, 'long message '.repeat(300), Date.now());
        await writer.update(chat, Y.encodeStateAsUpdate(history, before));
      }
    }
    writer.close();
    const quiet = await inParallel(members.length, 10, (i) =>
      benchSocket(souk.url, members[i]!.cookie),
    );
    await inParallel(chats.length, 10, (i) => quiet[i]!.open(chats[i]!));
    await souk.memory(); // a first full collection takes the setup's garbage
    rows.push({ pattern: 'quiet baseline', memory: await souk.memory(), endings: {} });

    // Slow readers: ask 200 times each (about 20 MB each if nothing stopped them), never read.
    const slow = await inParallel(members.length, 10, (i) => rawClient(souk.url, members[i]!));
    slow.forEach(({ ws }, n) => {
      ws.pause();
      for (let i = 0; i < 200; i++) ws.send(askWhole(chats[n]!));
    });
    // Time for the server to answer what it can (it only piles up in the buffers until cut).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const slowMemory = await souk.memory();
    slow.forEach(({ ws }) => ws.resume());
    rows.push({
      pattern: 'slow readers',
      memory: slowMemory,
      endings: tally(await Promise.all(slow.map((s) => s.ended))),
    });

    // Floods: 10,000 frames each, as fast as the socket takes them.
    const floods = await inParallel(members.length, 10, (i) => rawClient(souk.url, members[i]!));
    // Empty updates: each answer is a short ack, so the inbound queue, not the outbound
    // buffer, is what fills up.
    const empty = syncBody(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(new Y.Doc()));
    floods.forEach(({ ws }, n) => {
      const frame = writeFrame({ type: 'sync', doc: chats[n]!, body: empty });
      for (let i = 0; i < 10_000; i++) ws.send(frame);
    });
    const floodMemory = await souk.memory();
    rows.push({
      pattern: 'floods',
      memory: floodMemory,
      endings: tally(await Promise.all(floods.map((s) => s.ended))),
    });

    // Refusals: forged updates (a message in the owner's name) until closed.
    const forgers = await inParallel(members.length, 10, (i) => rawClient(souk.url, members[i]!));
    forgers.forEach(({ ws }, n) => {
      for (let i = 0; i < 500; i++) {
        const forged = new Y.Doc();
        appendText(forged, owner.id, `forged ${i}`, Date.now());
        const body = syncBody(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(forged));
        ws.send(writeFrame({ type: 'sync', doc: chats[n]!, body }));
      }
    });
    const refusalMemory = await souk.memory();
    rows.push({
      pattern: 'refused updates',
      memory: refusalMemory,
      endings: tally(await Promise.all(forgers.map((s) => s.ended))),
    });

    // Oversized bodies: endless chunked uploads, all at once.
    const statuses = Promise.all(Array.from({ length: abusers }, () => endlessBody(souk.url)));
    const bodyMemory = await souk.memory();
    rows.push({ pattern: 'oversized bodies', memory: bodyMemory, endings: tally(await statuses) });
    quiet.forEach((socket) => socket.close());
  } finally {
    await souk.stop();
    await storage.drop();
  }
  return rows;
}

export function printAbuseMemory(rows: AbuseRow[]): void {
  const base = rows[0]!.memory;
  const heap = (m: MemoryReport) => m.heapUsed + m.external;
  console.log(`abuse memory: ${abusers} abusing clients per pattern, default limits`);
  console.log('pattern            heap+external   (vs quiet)   rss          endings');
  for (const { pattern, memory, endings } of rows) {
    const delta = heap(memory) - heap(base);
    console.log(
      `${pattern.padEnd(18)} ${mb(heap(memory)).padStart(10)}   ${(delta >= 0 ? '+' : '') + mb(delta)}`.padEnd(
        48,
      ) + `${mb(memory.rss).padStart(9)}   ${JSON.stringify(endings)}`,
    );
  }
}
