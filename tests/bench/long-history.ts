/**
 * Long history on the server: how long does accepting one message take in a conversation with
 * 1,000,000 earlier messages, and what does the server load to do it? The conversation is
 * sharded by epoch (1000 messages each, the server's default): the head `conv:<id>` holds epoch
 * 0, `conv:<id>~<k>` epoch k, and a message only needs the current epoch.
 *
 * How the history is made (sending a million messages one by one would take hours): two people
 * sign in and start a chat through the API; then, in this process, the real server's DocStore
 * writes each full epoch as one server-side update of 1000 messages (the two people taking turns,
 * numbered as their devices number them), compacts it into a snapshot as background compaction
 * would, and adds both people as members of it as a roll-over does. The current epoch gets half
 * an epoch of messages the same way, and the head points at it. Then a fresh server process opens
 * the same storage, and one person's socket (up to date: its cursor is the last sequence number)
 * sends messages one at a time; each is timed from send to ack (validated, committed, applied).
 */
import { loadavg } from 'node:os';
import * as Y from 'yjs';
import { conversationParts, epochDocName, randomId, type Message } from '@souk/sync';
import { createLogger, loadConfig, startServer, type RunningServer } from '@souk/server';
import { benchSocket } from './bench-socket.ts';
import { percentile } from './load.ts';
import { createStorage, mb, signInMany, startSouk, type Backend, type Storage } from './souk.ts';
import type { MemoryReport } from './souk-process.ts';
import { startChat, type SignedIn } from '../support/people.ts';

const epochSize = 1000; // the server's default; souk-process.ts runs with it
const history = Number(process.env.BENCH_HISTORY ?? 1_000_000);
const sends = Number(process.env.BENCH_SENDS ?? 100);

export interface LongHistory {
  backend: Backend;
  earlier: number;
  buildSeconds: number;
  /** Send → ack of the first message (the current epoch loads from storage) and of the rest. */
  firstMs: number;
  p50: number;
  p99: number;
  before: MemoryReport;
  after: MemoryReport;
  /** The machine's one-minute load average before and after the measured sends. */
  load: [number, number];
}

/** Messages `from`..`to`-1 of the chat, the two people taking turns. */
function messages(people: SignedIn[], from: number, to: number, at: number): Message[] {
  return Array.from({ length: to - from }, (_, offset) => {
    const i = from + offset;
    return {
      id: randomId(),
      author: people[i % 2]!.id,
      n: Math.floor(i / 2) + 1,
      at: at - (to - i) * 1000,
      kind: 'text',
      text: `message ${i} of a very long chat`,
    };
  });
}

/**
 * Writes the history through the submit path, each person's messages as their own updates (at
 * most 500 items each); full epochs roll over on their own. Returns the last sequence number.
 */
async function buildHistory(server: RunningServer, people: SignedIn[], head: string) {
  const { store, submit } = server;
  const full = Math.floor(history / epochSize);
  const current = full;
  const at = Date.now();
  for (let epoch = 0; epoch <= current; epoch++) {
    const name = epochDocName(head, epoch);
    const count = epoch < current ? epochSize : epochSize / 2;
    const from = epoch * epochSize;
    const batch = messages(people, from, from + count, at);
    for (let i = 0; i < batch.length; i += 500) {
      for (const person of people.slice(0, 2)) {
        const own = batch.slice(i, i + 500).filter((m) => m.author === person.id);
        const actor = { id: person.id, kind: 'person' } as const;
        const { result } = await submit.write(name, actor, (doc) =>
          conversationParts(doc).messages.push(own),
        );
        if (result.kind === 'refused') throw new Error(result.reason);
      }
    }
    await submit.settled(); // the roll-over to the next epoch
    await store.compact(name);
    store.unloadIdle(-1);
  }
  store.unloadIdle(-1);
  return { current: epochDocName(head, current), cursor: await store.currentSeq(), full };
}

async function build(storage: Storage) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEB_DIR: '/nonexistent',
    ...storage.env,
  });
  const server = await startServer(config, { logger: createLogger('silent'), epochSize });
  try {
    const people = await signInMany(server.url, 3, 900_000);
    const head = await startChat(server.url, people[0]!, people[1]!.phone);
    // A short chat with someone else, to warm the server up before the measured sends.
    const warmUp = await startChat(server.url, people[0]!, people[2]!.phone);
    return { people, warmUp, ...(await buildHistory(server, people.slice(0, 2), head)) };
  } finally {
    await server.close();
  }
}

export async function runLongHistory(backend: Backend): Promise<LongHistory> {
  const storage = await createStorage(backend);
  try {
    const started = Date.now();
    const built = await build(storage);
    const buildSeconds = (Date.now() - started) / 1000;
    const souk = await startSouk(storage);
    try {
      const alice = built.people[0]!;
      const socket = await benchSocket(souk.url, alice.cookie, String(built.cursor));
      // Alice's device: each message numbered after her earlier ones, as the app numbers them.
      let device = new Y.Doc();
      let n = Math.floor((built.full * epochSize + epochSize / 2) / 2) + 1;
      const send = async (doc: string) => {
        const sv = Y.encodeStateVector(device);
        const text = `new message ${n}`;
        const message: Message = {
          id: randomId(),
          author: alice.id,
          n: n++,
          at: Date.now(),
          kind: 'text',
          text,
        };
        conversationParts(device).messages.push([message]);
        const sent = performance.now();
        await socket.update(doc, Y.encodeStateAsUpdate(device, sv));
        return performance.now() - sent;
      };
      // The first update a process handles also compiles its code path: not what we measure.
      await send(built.warmUp);
      device.destroy();
      device = new Y.Doc();
      const before = await souk.memory();
      const loadBefore = loadavg()[0]!;
      const times: number[] = [];
      for (let i = 0; i < sends; i++) times.push(await send(built.current));
      const load: [number, number] = [loadBefore, loadavg()[0]!];
      const after = await souk.memory();
      socket.close();
      const rest = times.slice(1).sort((a, b) => a - b);
      return {
        backend,
        earlier: built.full * epochSize + epochSize / 2,
        buildSeconds,
        firstMs: times[0]!,
        p50: percentile(rest, 50),
        p99: percentile(rest, 99),
        before,
        after,
        load,
      };
    } finally {
      await souk.stop();
    }
  } finally {
    await storage.drop();
  }
}

export function printLongHistory(r: LongHistory): void {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(
    `${r.earlier} earlier messages on ${r.backend} (history built in ${r.buildSeconds.toFixed(0)} s): ` +
      `first message accepted in ${ms(r.firstMs)} (current epoch loaded from storage), ` +
      `next ${sends - 1}: p50 ${ms(r.p50)}, p99 ${ms(r.p99)} (target p50 ≤ 2 ms, p99 ≤ 10 ms), ` +
      `load average ${r.load.map((l) => l.toFixed(1)).join(' → ')}`,
  );
  console.log(
    `  server memory before → after: heap ${mb(r.before.heapUsed)} → ${mb(r.after.heapUsed)}, ` +
      `RSS ${mb(r.before.rss)} → ${mb(r.after.rss)}; documents loaded ${r.before.loadedDocs} → ` +
      `${r.after.loadedDocs}, of them conversations ${r.before.loadedConversationDocs} → ` +
      `${r.after.loadedConversationDocs}: ${describeLoaded(r)}`,
  );
}

/** Which of the long chat's documents loaded: its head and current epoch, or more of it. */
function describeLoaded(r: LongHistory): string {
  const before = new Set(r.before.conversationDocNames);
  const added = r.after.conversationDocNames.filter((n) => !before.has(n));
  const epochs = added.filter((n) => n.includes('~'));
  const head = added.length > epochs.length ? 'its head (epoch 0) and ' : '';
  return epochs.length <= 1
    ? `${head}${epochs.length} epoch: no other epoch of the history loaded`
    : `${head}${epochs.length} epochs (${epochs.length - 1} epochs of history loaded)`;
}

export async function runLongHistories(
  backends = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as Backend[],
): Promise<LongHistory[]> {
  const results: LongHistory[] = [];
  for (const backend of backends) {
    const result = await runLongHistory(backend);
    printLongHistory(result);
    results.push(result);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await runLongHistories();
