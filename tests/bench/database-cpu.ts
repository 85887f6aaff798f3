/**
 * The CPU a PostgreSQL database's backends spend: every backend serving the benchmark's own
 * database (pg_stat_activity.datname, a throw-away database per run, so nothing else's) is read
 * from /proc/<pid>/stat, the way the server process is. Backends come and go with the server's
 * pool, so the list is polled (every 250 ms, from a connection to the admin database, which is
 * not counted) and each backend's CPU counted from when it was first seen (or from 0 if it
 * started during the measurement) to its last reading. A backend that exits between two polls
 * loses at most one interval of its CPU; `vanished` says how many did.
 */
import postgres from 'postgres';
import { cpuSecondsOf } from './load.ts';
import { postgresUrl } from '../support/processes.ts';

export interface DatabaseCpu {
  /** CPU seconds (user + system) of the database's backends since `watchDatabaseCpu`. */
  seconds: number;
  backends: number;
  vanished: number;
}

export interface DatabaseCpuWatch {
  stop(): Promise<DatabaseCpu>;
}

/** The database a `postgres://…/<name>` URL names. */
export const databaseOf = (url: string): string => new URL(url).pathname.slice(1);

const readCpu = (pid: number): number | null => {
  try {
    return cpuSecondsOf(pid);
  } catch {
    return null; // exited
  }
};

export async function watchDatabaseCpu(database: string): Promise<DatabaseCpuWatch> {
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const gone = new Set<number>();
  let started = false;
  const poll = async () => {
    const rows = await admin<Array<{ pid: number }>>`
      SELECT pid FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`;
    const seen = new Set<number>();
    for (const { pid } of rows) {
      const cpu = readCpu(pid);
      if (cpu === null) continue;
      seen.add(pid);
      // A backend first seen after the start began during the measurement: all its CPU counts.
      if (!first.has(pid)) first.set(pid, started ? 0 : cpu);
      last.set(pid, cpu);
    }
    for (const pid of last.keys()) if (!seen.has(pid)) gone.add(pid);
  };
  await poll();
  started = true;
  let polling = Promise.resolve();
  const timer = setInterval(() => {
    polling = polling.then(poll, poll);
  }, 250);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      await poll();
      await admin.end();
      let seconds = 0;
      for (const [pid, cpu] of last) seconds += cpu - first.get(pid)!;
      return { seconds, backends: last.size, vanished: gone.size };
    },
  };
}
