/**
 * Sync throughput and latency: `people` people in people/2 private conversations, each writing
 * `rate` messages per second for `seconds`, through loopback. The same workload runs against
 * Souk on PGlite (a data directory on disk), Souk on PostgreSQL, and the bare
 * `@y/websocket-server` (no auth, no validation, no persistence); each server in a process of
 * its own, every client in this process. Reported: sustained messages/s, send → arrival p50/p99
 * at the other person's device, and Souk's throughput as a ratio of the reference's.
 */
import { driveMeasured, watchArrivals, type Figures, type Workload } from './load.ts';
import { runReference } from './reference.ts';
import { createStorage, inParallel, pairUp, signInMany, startSouk, type Backend } from './souk.ts';
import { device, eventually } from '../support/people.ts';
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
    return await driveMeasured(souk.pid, senders, workload, latencies);
  } finally {
    devices.forEach((d) => d.client.stop());
    await souk.stop();
    await storage.drop();
  }
}

const cpu = (share = NaN) => `${Math.round(share * 100)}%`;

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
          `server CPU ${cpu(figures.serverCpu)}, clients CPU ${cpu(figures.clientCpu)}`,
      );
    };
    report('y-websocket-server', reference);
    report('Souk on PGlite', await runSouk('pglite', workload));
    report('Souk on PostgreSQL', await runSouk('postgres', workload));
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await runThroughput();
