/**
 * Souk under benchmark: a server process of its own (see souk-process.ts) on PGlite in a
 * throw-away data directory or on a throw-away PostgreSQL database, so the benchmark's clients
 * never share an event loop with the server; people signed in through the real HTTP API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '../support/processes.ts';
import { signIn, startChat, type SignedIn } from '../support/people.ts';
import type { MemoryReport } from './souk-process.ts';
import { cpuSecondsOf } from './load.ts';

export type Backend = 'pglite' | 'postgres';
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SoukProcess {
  url: string;
  pid: number;
  /** The server's own heap and RSS after a full collection, and its loaded documents. */
  memory(): Promise<MemoryReport>;
  /** Resident set size as the kernel sees it (/proc/<pid>/status VmRSS), in bytes. */
  rss(): Promise<number>;
  /** CPU seconds (user + system) the server process used so far. */
  cpuSeconds(): Promise<number>;
  /** Starts profiling its CPU; `stop` writes the profile to `file` (souk-process.ts). */
  profile(step: 'start' | 'stop', file?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Where a backend keeps its data; outlives server restarts until `drop()`. */
export interface Storage {
  backend: Backend;
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createStorage(backend: Backend): Promise<Storage> {
  if (backend === 'postgres') {
    const database = await freshDatabase();
    return { backend, env: { DATABASE_URL: database.url }, drop: database.drop };
  }
  const dir = await mkdtemp(join(tmpdir(), 'souk-bench-'));
  return {
    backend,
    env: { DATA_DIR: dir },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function startSouk(storage: Storage): Promise<SoukProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=8192',
      // BENCH_CPU_PROF=dir: each server writes a CPU profile there when it stops.
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
      '--import',
      'tsx',
      'tests/bench/souk-process.ts',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        WEB_DIR: '/nonexistent',
        ...storage.env,
      },
      // Its warnings and errors (LOG_LEVEL warn, on stdout) show beside the figures.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    child.on('message', (m: { type: string; url?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.url!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    memory: () =>
      new Promise((resolve) => {
        const listener = (m: { type: string; report?: MemoryReport }) => {
          if (m.type !== 'memory') return;
          child.off('message', listener);
          resolve(m.report!);
        };
        child.on('message', listener);
        child.send({ type: 'memory' });
      }),
    rss: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    cpuSeconds: async () => cpuSecondsOf(child.pid!),
    profile: (step, file) =>
      new Promise((resolve) => {
        const listener = (m: { type: string }) => {
          if (m.type !== 'profiled') return;
          child.off('message', listener);
          resolve();
        };
        child.on('message', listener);
        child.send({ type: `profile-${step}`, file });
      }),
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const benchPhone = (i: number): string => `+3466${String(i).padStart(7, '0')}`;

/** Runs `task` over 0..count-1 with at most `parallel` at a time. */
export async function inParallel<T>(
  count: number,
  parallel: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** Signs `count` people in through the real API (code request, dev outbox, verify). */
export function signInMany(url: string, count: number, first = 0): Promise<SignedIn[]> {
  return inParallel(count, 8, (i) => signIn(url, benchPhone(first + i)));
}

/** Pairs people 0+1, 2+3, …: one private chat each, started through the real API. */
export function pairUp(url: string, people: SignedIn[]): Promise<string[]> {
  return inParallel(Math.floor(people.length / 2), 8, (i) =>
    startChat(url, people[2 * i]!, people[2 * i + 1]!.phone),
  );
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
