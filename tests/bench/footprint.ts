/**
 * Connection footprint: what one idle authenticated socket and one loaded conversation document
 * cost the server. Souk runs in a process of its own (souk-process.ts); its memory is read after
 * a full collection. Setup (sign-in, chats, their messages) happens first, then the server
 * restarts on the same storage, so the measured process holds only what the sockets and
 * documents need, not the garbage of setting them up.
 *
 * Sockets open in two halves: per socket over all of them, and the slope over the second half
 * (which leaves out one-time costs such as the first socket's buffers and code warm-up).
 *
 * For many sockets (issue 21, item 6: 100,000 of 10,000 people), BENCH_IDENTITIES people share
 * them round-robin (at most 10 sockets each, the server's limit) and BENCH_SOURCE_ADDRESSES
 * source addresses (127.0.0.1, .2, …) give enough ports (about 28,000 each). Both ends need a
 * descriptor per socket: the run stops at once, saying so, when this process may not open that
 * many (`ulimit -n`; the server inherits the same limit).
 *
 * BENCH_HEAP_SNAPSHOTS=<dir>: the measured server writes a V8 heap snapshot there when half the
 * sockets are open and when all are (`--heapsnapshot-signal`); `heap-diff.ts` compares the two by
 * constructor, per socket between them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { benchSocket, type BenchSocket } from './bench-socket.ts';
import { chatHistory } from './chat-history.ts';
import {
  createStorage,
  inParallel,
  mb,
  pairUp,
  signInMany,
  startSouk,
  type SoukProcess,
  type Storage,
} from './souk.ts';
import type { MemoryReport } from './souk-process.ts';
import type { SignedIn } from '../support/people.ts';

const sockets = Number(process.env.BENCH_SOCKETS ?? 10_000);
const documents = Number(process.env.BENCH_DOCUMENTS ?? 1000);
const messagesPerDocument = Number(process.env.BENCH_DOC_MESSAGES ?? 20);
const identities = Number(process.env.BENCH_IDENTITIES ?? sockets);
const sourceAddresses = Number(process.env.BENCH_SOURCE_ADDRESSES ?? 1);
const snapshotDir = process.env.BENCH_HEAP_SNAPSHOTS;
/** Descriptors beyond the sockets: the database, logs, the HTTP listener, Node's own. */
const spareDescriptors = 200;

/** This process's limit on open descriptors (soft, hard), from /proc (Linux). */
export function descriptorLimits(): { soft: number; hard: number } | null {
  const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  if (!line) return null;
  const value = (text: string) => (text === 'unlimited' ? Infinity : Number(text));
  return { soft: value(line[1]!), hard: value(line[2]!) };
}

export interface Footprint {
  sockets: number;
  identities: number;
  documents: number;
  messagesPerDocument: number;
  /** Heap (JS + external) and RSS per socket over all sockets, and over the second half. */
  perSocket: { heap: number; rss: number; heapSlope: number; rssSlope: number };
  perDocument: { heap: number; rss: number };
  /** The process after everything was open. */
  total: MemoryReport;
}

const heap = (m: MemoryReport) => m.heapUsed + m.external;

/** Starts the measured server, able to write heap snapshots when BENCH_HEAP_SNAPSHOTS is set. */
async function startMeasured(storage: Storage): Promise<SoukProcess> {
  if (!snapshotDir) return startSouk(storage);
  const options = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}`;
  try {
    return await startSouk(storage);
  } finally {
    if (options === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = options;
  }
}

/** Has the server write a heap snapshot; resolves once the file stopped growing. */
async function heapSnapshot(souk: SoukProcess, label: string): Promise<void> {
  if (!snapshotDir) return;
  const before = new Set(readdirSync(snapshotDir));
  process.kill(souk.pid, 'SIGUSR2');
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1000));
  let file: string | undefined;
  while (!(file = readdirSync(snapshotDir).find((name) => !before.has(name)))) await pause();
  // The server answers only once the snapshot is written (it is busy writing it until then).
  await souk.memory();
  let size = -1;
  while (statSync(`${snapshotDir}/${file}`).size !== size) {
    size = statSync(`${snapshotDir}/${file}`).size;
    await pause();
  }
  console.log(`heap snapshot ${label}: ${snapshotDir}/${file}`);
}

/** Writes each chat's history through its two people's sockets (turn by turn). */
async function writeHistories(url: string, people: SignedIn[], chats: string[]): Promise<void> {
  await inParallel(chats.length, 20, async (i) => {
    const [a, b] = [people[2 * i]!, people[2 * i + 1]!];
    const pair = await Promise.all([benchSocket(url, a.cookie), benchSocket(url, b.cookie)]);
    for (const { by, update } of chatHistory(a.id, b.id, messagesPerDocument))
      await pair[by].update(chats[i]!, update);
    pair.forEach((socket) => socket.close());
  });
}

export async function runFootprint(): Promise<Footprint> {
  const limits = descriptorLimits();
  if (limits && sockets + spareDescriptors > limits.soft)
    throw new Error(
      `${sockets} sockets need about ${sockets + spareDescriptors} open descriptors in each ` +
        `process; this one may open ${limits.soft} (hard limit ${limits.hard}): raise it with ` +
        `ulimit -n (beyond the hard limit needs CAP_SYS_RESOURCE)`,
    );
  if (identities * 10 < sockets)
    throw new Error('at most 10 sockets per person (BENCH_IDENTITIES)');
  const storage = await createStorage('pglite');
  let souk = await startSouk(storage);
  const open: BenchSocket[] = [];
  try {
    const setupStarted = Date.now();
    const people = await signInMany(souk.url, identities);
    const chats = await pairUp(souk.url, people.slice(0, 2 * documents));
    if (messagesPerDocument > 0) await writeHistories(souk.url, people, chats);
    console.log(
      `footprint setup: ${identities} people signed in, ${chats.length} chats written in ` +
        `${((Date.now() - setupStarted) / 1000).toFixed(0)} s`,
    );
    await souk.stop();
    souk = await startMeasured(storage);

    const connect = async (from: number, to: number) => {
      const opened = await inParallel(to - from, 50, (i) => {
        const n = from + i;
        const source = sourceAddresses > 1 ? `127.0.0.${1 + (n % sourceAddresses)}` : undefined;
        return benchSocket(souk.url, people[n % identities]!.cookie, '0', source);
      });
      open.push(...opened);
    };
    const before = await souk.memory();
    const half = Math.floor(sockets / 2);
    await connect(0, half);
    const halfway = await souk.memory();
    await heapSnapshot(souk, `at ${half} sockets`);
    await connect(half, sockets);
    const connected = await souk.memory();
    await heapSnapshot(souk, `at ${sockets} sockets`);
    // The first person of each chat (its first socket) opens it: the server loads it from storage.
    await inParallel(chats.length, 50, (i) => open[2 * i]!.open(chats[i]!));
    const loaded = await souk.memory();

    const docs = loaded.loadedDocs - connected.loadedDocs;
    return {
      sockets,
      identities,
      documents: docs,
      messagesPerDocument,
      perSocket: {
        heap: (heap(connected) - heap(before)) / sockets,
        rss: (connected.rss - before.rss) / sockets,
        heapSlope: (heap(connected) - heap(halfway)) / (sockets - half),
        rssSlope: (connected.rss - halfway.rss) / (sockets - half),
      },
      perDocument: {
        heap: (heap(loaded) - heap(connected)) / docs,
        rss: (loaded.rss - connected.rss) / docs,
      },
      total: loaded,
    };
  } finally {
    open.forEach((socket) => socket.close());
    await souk.stop();
    await storage.drop();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function printFootprint(f: Footprint): void {
  console.log(
    `${f.sockets} idle authenticated sockets of ${f.identities} people on one process (PGlite): ` +
      `${kb(f.perSocket.heap)} heap, ${kb(f.perSocket.rss)} RSS per socket; ` +
      `second half alone ${kb(f.perSocket.heapSlope)} heap, ${kb(f.perSocket.rssSlope)} RSS ` +
      `per socket (target ≤ 3 KB)`,
  );
  console.log(
    `${f.documents} loaded conversation documents of ${f.messagesPerDocument} messages: ` +
      `${kb(f.perDocument.heap)} heap, ${kb(f.perDocument.rss)} RSS per document`,
  );
  console.log(
    `server process at the end: RSS ${mb(f.total.rss)}, heap ${mb(heap(f.total))}, ` +
      `${f.total.loadedDocs} documents loaded`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printFootprint(await runFootprint());
