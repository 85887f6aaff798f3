/**
 * Souk's CPU per message when it is not saturated: `BENCH_PAIRS` private chats (10), in each the
 * two people take turns, every message waiting for its arrival at the other device, for
 * `BENCH_ROUNDS` rounds (20). At most one message per chat is in flight, so commit batches stay
 * small whatever the machine's load; the throughput benchmark's open loop instead lets a server
 * that falls behind gather ever larger batches, and its CPU per message then says as much about
 * the load as about the server. `BENCH_BACKENDS` (`pglite`); `BENCH_WINDOW_PROF=file` profiles the
 * measured rounds. Prints the server process's CPU per message (not PostgreSQL's backends).
 */
import { loadavg } from 'node:os';
import type * as Y from 'yjs';
import { appendText, conversationParts } from '@souk/sync';
import { createStorage, inParallel, pairUp, signInMany, startSouk, type Backend } from './souk.ts';
import { device, eventually } from '../support/people.ts';
import { cpuSecondsOf } from './load.ts';

const pairs = Number(process.env.BENCH_PAIRS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);

async function closedLoop(backend: Backend): Promise<void> {
  const storage = await createStorage(backend);
  const souk = await startSouk(storage);
  const devices: Array<ReturnType<typeof device>> = [];
  try {
    const people = await signInMany(souk.url, pairs * 2);
    const chats = await pairUp(souk.url, people);
    const docs = await inParallel(people.length, 10, async (i) => {
      const d = device(souk.url, people[i]!);
      devices.push(d);
      d.client.start();
      return { doc: await d.client.open(chats[Math.floor(i / 2)]!), me: people[i]!.id };
    });
    await eventually(() => devices.every((d) => d.client.status === 'online'), 60_000, 'online');
    const count = (doc: Y.Doc) => conversationParts(doc).messages.length;
    const round = () =>
      Promise.all(
        Array.from({ length: pairs }, async (_, p) => {
          for (const [from, to] of [
            [2 * p, 2 * p + 1],
            [2 * p + 1, 2 * p],
          ] as const) {
            const target = count(docs[to]!.doc) + 1;
            appendText(docs[from]!.doc, docs[from]!.me, 'hello there', Date.now());
            await eventually(() => count(docs[to]!.doc) >= target, 30_000, 'arrival');
          }
        }),
      );
    await round(); // warm: every chat's documents loaded, every device's client id bound
    const load = loadavg()[0]!;
    const cpu = cpuSecondsOf(souk.pid);
    const started = Date.now();
    const file = process.env.BENCH_WINDOW_PROF;
    if (file) await souk.profile('start');
    for (let i = 0; i < rounds; i++) await round();
    if (file) await souk.profile('stop', file);
    const n = rounds * pairs * 2;
    console.log(
      `closed loop, Souk on ${backend}, ${pairs} chats × ${rounds} rounds (${n} messages): ` +
        `${(((cpuSecondsOf(souk.pid) - cpu) * 1000) / n).toFixed(2)} ms server CPU per message, ` +
        `${((Date.now() - started) / n).toFixed(1)} ms wall per message, ` +
        `load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    devices.forEach((d) => d.client.stop());
    await souk.stop();
    await storage.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const backend of (process.env.BENCH_BACKENDS ?? 'pglite').split(','))
    await closedLoop(backend as Backend);
}
