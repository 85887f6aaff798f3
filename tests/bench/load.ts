/**
 * The chat workload shared by the throughput benchmarks: `people` people in people/2
 * conversations, each writing `rate` messages per second for `seconds`. A message carries its
 * send time (`at`), so the receiving side measures send → arrival in the same process.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as Y from 'yjs';
import { appendText, conversationParts, type Message } from '@souk/sync';

export interface Workload {
  people: number;
  rate: number;
  seconds: number;
}

export interface Figures {
  sent: number;
  received: number;
  messagesPerSecond: number;
  p50: number;
  p99: number;
  /** Share of one core the server process used while the workload ran (1 = one core busy). */
  serverCpu?: number;
  /** The same for this process, which runs every client. */
  clientCpu?: number;
  /** CPU seconds the server process used while the workload ran. */
  serverCpuSeconds?: number;
  /** CPU seconds PostgreSQL's backends of the server's database used meanwhile (database-cpu.ts). */
  databaseCpuSeconds?: number;
  /** The machine's one-minute load average when the workload started and when it ended. */
  load?: [number, number];
}

/** CPU (server process and database backends) per message that arrived, in milliseconds. */
export function cpuPerMessageMs(figures: Figures): number {
  const seconds = (figures.serverCpuSeconds ?? NaN) + (figures.databaseCpuSeconds ?? 0);
  return (seconds * 1000) / figures.received;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Records arrival latency of messages from others as they appear in a document. */
export function watchArrivals(doc: Y.Doc, me: string, latencies: number[]): void {
  conversationParts(doc).messages.observe((event) => {
    const now = Date.now();
    for (const delta of event.changes.delta) {
      for (const message of (delta.insert ?? []) as Message[]) {
        if (message.author !== me) latencies.push(now - message.at);
      }
    }
  });
}

/** Drives the senders at a fixed rate, then waits for stragglers; returns the figures. */
export async function drive(
  senders: Array<{ doc: Y.Doc; me: string }>,
  workload: Workload,
  latencies: number[],
): Promise<Figures> {
  let sent = 0;
  const interval = 1000 / workload.rate;
  const started = Date.now();
  const timers = senders.map((sender, i) => {
    // Spread the first sends over one interval so load is even.
    const start = setTimeout(
      () => {
        const tick = () => {
          appendText(sender.doc, sender.me, `message ${sent}`, Date.now());
          sent++;
        };
        tick();
        timers[i] = setInterval(tick, interval);
      },
      (i / senders.length) * interval,
    );
    return start as ReturnType<typeof setInterval>;
  });
  await new Promise((resolve) => setTimeout(resolve, workload.seconds * 1000));
  timers.forEach((t) => {
    clearTimeout(t);
    clearInterval(t);
  });
  // Sustained rate: everything that arrived, over the time until the last of it arrived (a
  // server that falls behind drains its backlog here, and that time counts).
  const deadline = Date.now() + 10_000;
  while (latencies.length < sent && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 5));
  const elapsed = (Date.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sent,
    received: latencies.length,
    messagesPerSecond: Math.round(latencies.length / elapsed),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/** CPU seconds (user + system) a process used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime (fields 14 and 15 of stat) in clock ticks, 100 per second on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Runs `drive` and adds how busy the server process and this process were meanwhile; with
 * `database` (a watch from database-cpu.ts, started here), the database backends' CPU too.
 */
export async function driveMeasured(
  serverPid: number,
  senders: Array<{ doc: Y.Doc; me: string }>,
  workload: Workload,
  latencies: number[],
  database?: () => Promise<{ stop(): Promise<{ seconds: number }> }>,
): Promise<Figures> {
  const watch = await database?.();
  const loadBefore = loadavg()[0]!;
  const started = Date.now();
  const server = cpuSecondsOf(serverPid);
  const client = cpuSecondsOf(process.pid);
  const figures = await drive(senders, workload, latencies);
  const wall = (Date.now() - started) / 1000;
  const serverCpuSeconds = cpuSecondsOf(serverPid) - server;
  const clientCpu = (cpuSecondsOf(process.pid) - client) / wall;
  const databaseCpu = await watch?.stop();
  return {
    ...figures,
    serverCpu: serverCpuSeconds / wall,
    clientCpu,
    serverCpuSeconds,
    ...(databaseCpu ? { databaseCpuSeconds: databaseCpu.seconds } : {}),
    load: [loadBefore, loadavg()[0]!],
  };
}
