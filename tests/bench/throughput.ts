/**
 * Sync throughput and latency: `people` people in people/2 private conversations, each writing
 * `rate` messages per second for `seconds`, through loopback. The same workload runs against
 * Souk on PGlite (a data directory on disk), Souk on PostgreSQL, and the bare
 * `@y/websocket-server` (no auth, no validation, no persistence); each server in a process of
 * its own, every client (the load generator) in this process. Reported: sustained messages/s,
 * send → arrival p50/p99 at the other person's device, Souk's throughput as a ratio of the
 * reference's, and the CPU each server spends per delivered message: its process's and, on
 * PostgreSQL, that of the database backends serving it (database-cpu.ts), side by side with the
 * reference's. Every figure is printed with the machine's load average.
 */
import {
  cpuPerMessageMs,
  driveMeasured,
  watchArrivals,
  type Figures,
  type Workload,
} from './load.ts';
import { databaseOf, watchDatabaseCpu } from './database-cpu.ts';
import { runReference } from './reference.ts';
import { createStorage, inParallel, pairUp, signInMany, startSouk, type Backend } from './souk.ts';
import { device, eventually } from '../support/people.ts';
import { join } from 'node:path';
import type * as Y from 'yjs';

export async function runSouk(backend: Backend, workload: Workload): Promise<Figures> {
  const storage = await createStorage(backend);
  const souk = await startSouk(storage);
  const devices: Array<ReturnType<typeof device>> = [];
  try {
    const people = await signInMany(souk.url, workload.people);
    const chats = await pairUp(souk.url, people);
    const latencies: number[] = [];
    const senders = await inParallel(people.length, 20, async (i) => {
      const d = device(souk.url, people[i]!);
      devices.push(d);
      d.client.start();
      const doc: Y.Doc = await d.client.open(chats[Math.floor(i / 2)]!);
      watchArrivals(doc, people[i]!.id, latencies);
      return { doc, me: people[i]!.id, client: d.client };
    });
    await eventually(
      () => senders.every((s) => s.client.status === 'online'),
      60_000,
      'every device online',
    );
    const url = storage.env.DATABASE_URL;
    const database = url ? () => watchDatabaseCpu(databaseOf(url)) : undefined;
    // BENCH_WINDOW_PROF=dir: a CPU profile of the server over the measured load alone.
    const dir = process.env.BENCH_WINDOW_PROF;
    if (dir) await souk.profile('start');
    const figures = await driveMeasured(souk.pid, senders, workload, latencies, database);
    const file = `${backend}-${workload.people}x${workload.rate}.cpuprofile`;
    if (dir) await souk.profile('stop', join(dir, file));
    return figures;
  } finally {
    devices.forEach((d) => d.client.stop());
    await souk.stop();
    await storage.drop();
  }
}

const cpu = (share = NaN) => `${Math.round(share * 100)}%`;
const load = (figures: Figures) =>
  `load ${figures.load?.map((l) => l.toFixed(1)).join(' → ') ?? '?'}`;

/** CPU per delivered message of each server, side by side with the reference's. */
export function printCostPerMessage(rows: ThroughputRow[]): void {
  const reference = rows.find((r) => r.system === 'y-websocket-server');
  const referenceMs = reference ? cpuPerMessageMs(reference.figures) : NaN;
  const { people, rate, seconds } = rows[0]!.workload;
  console.log(`CPU per delivered message, ${people} people × ${rate}/s × ${seconds} s:`);
  for (const { system, figures } of rows) {
    const ms = cpuPerMessageMs(figures);
    const server = ((figures.serverCpuSeconds ?? NaN) * 1000) / figures.received;
    const parts =
      figures.databaseCpuSeconds === undefined
        ? `server process ${server.toFixed(3)} ms`
        : `server process ${server.toFixed(3)} ms + database backends ` +
          `${((figures.databaseCpuSeconds * 1000) / figures.received).toFixed(3)} ms`;
    console.log(
      `  ${system.padEnd(20)} ${ms.toFixed(3)} ms (${parts}) over ${figures.received} messages, ` +
        `${(ms / referenceMs).toFixed(1)}× the reference's, ${load(figures)}`,
    );
  }
}

export interface ThroughputRow {
  system: string;
  workload: Workload;
  figures: Figures;
  ratio: number;
}

export async function runThroughput(
  sizes = (process.env.BENCH_PEOPLE ?? '200,1000').split(',').map(Number),
  rate = Number(process.env.BENCH_RATE ?? 1),
  seconds = Number(process.env.BENCH_SECONDS ?? 10),
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const people of sizes) {
    const workload = { people, rate, seconds };
    const reference = await runReference(workload);
    const report = (system: string, figures: Figures) => {
      const row = {
        system,
        workload,
        figures,
        ratio: figures.messagesPerSecond / reference.messagesPerSecond,
      };
      rows.push(row);
      console.log(
        `${people} people × ${rate}/s × ${seconds} s  ${system.padEnd(20)} ` +
          `${figures.received}/${figures.sent} arrived, ${figures.messagesPerSecond} msgs/s, ` +
          `p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${row.ratio.toFixed(2)}× reference, ` +
          `server CPU ${cpu(figures.serverCpu)}, clients CPU ${cpu(figures.clientCpu)}, ` +
          `${cpuPerMessageMs(figures).toFixed(3)} ms CPU per message, ${load(figures)}`,
      );
    };
    report('y-websocket-server', reference);
    report('Souk on PGlite', await runSouk('pglite', workload));
    report('Souk on PostgreSQL', await runSouk('postgres', workload));
    printCostPerMessage(rows.filter((row) => row.workload === workload));
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await runThroughput();
