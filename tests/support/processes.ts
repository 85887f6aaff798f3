/** Real server processes for multi-process and crash tests, and throw-away PostgreSQL databases. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import * as Y from 'yjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const postgresUrl =
  process.env.SOUK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Creates an empty database for one test file; returns its URL and a drop function. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `souk_test_${process.pid}_${Date.now()}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(postgresUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<number | null>;
}

export async function startServerProcess(
  env: Record<string, string>,
  port: number,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a busy 2-core machine a cold tsx start with migrations can take half a minute;
  // the hooks allow 60 s.
  const deadline = Date.now() + 50_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Not left running: it would hold the port and the data directory the test removes next.
      child.kill('SIGKILL');
      await exited;
      throw new Error('server did not become healthy');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A document as the database holds it: its snapshot (if compacted) plus the updates after it. */
export async function storedDoc(sql: postgres.Sql, doc: string): Promise<Y.Doc> {
  const result = new Y.Doc();
  const snapshots = await sql<
    { data: Uint8Array }[]
  >`SELECT data FROM doc_snapshots WHERE doc = ${doc}`;
  const rows = await sql<
    { data: Uint8Array }[]
  >`SELECT data FROM doc_updates WHERE doc = ${doc} ORDER BY seq`;
  for (const row of [...snapshots, ...rows]) Y.applyUpdate(result, new Uint8Array(row.data));
  return result;
}

/**
 * Runs one query on the embedded PGlite database of a server's `DATA_DIR` while no server has it
 * open (PGlite is single-process): in a child process, where the server's own PGlite resolves.
 * Byte columns come back as Uint8Array, 64-bit integers as numbers.
 */
export async function queryDataDir<T = Record<string, unknown>>(
  dataDir: string,
  query: string,
  params: unknown[] = [],
): Promise<T[]> {
  const script = `
    import { PGlite } from '@electric-sql/pglite';
    const { dir, query, params } = JSON.parse(process.env.SOUK_QUERY);
    const db = new PGlite(dir);
    const { rows } = await db.query(query, params);
    await db.close();
    process.stdout.write(JSON.stringify(rows, (_k, v) =>
      typeof v === 'bigint' ? Number(v)
      : v && v.type === 'Buffer' ? { bytes: Buffer.from(v.data).toString('base64') }
      : v instanceof Uint8Array ? { bytes: Buffer.from(v).toString('base64') }
      : v));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: `${root}server`,
    env: {
      ...process.env,
      SOUK_QUERY: JSON.stringify({ dir: `${dataDir}/pglite`, query, params }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`query on ${dataDir} failed with ${code}`);
  return JSON.parse(out, (_k, v: unknown) =>
    v && typeof v === 'object' && 'bytes' in v && typeof v.bytes === 'string'
      ? new Uint8Array(Buffer.from(v.bytes, 'base64'))
      : v,
  ) as T[];
}

/** `storedDoc` for a PGlite data directory (no server running on it). */
export async function storedDataDirDoc(dataDir: string, doc: string): Promise<Y.Doc> {
  const result = new Y.Doc();
  const rows = await queryDataDir<{ data: Uint8Array }>(
    dataDir,
    `SELECT data FROM (SELECT 0 AS part, upto_seq AS seq, data FROM doc_snapshots WHERE doc = $1
       UNION ALL SELECT 1, seq, data FROM doc_updates WHERE doc = $1) AS parts ORDER BY part, seq`,
    [doc],
  );
  for (const row of rows) Y.applyUpdate(result, row.data);
  return result;
}

/**
 * Where a test server keeps its data (the environment to start it with) and how the test reads
 * that data: a throw-away PostgreSQL database (readable while the server runs) or a PGlite data
 * directory on disk (readable only while no server has it open).
 */
export interface TestStorage {
  env: Record<string, string>;
  readableWhileRunning: boolean;
  /** `storedDoc` of `doc`. */
  stored(doc: string): Promise<Y.Doc>;
  query<T>(text: string, params: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function testStorage(backend: 'pglite' | 'postgres'): Promise<TestStorage> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'souk-test-'));
    return {
      env: { DATA_DIR: dir },
      readableWhileRunning: false,
      stored: (doc) => storedDataDirDoc(dir, doc),
      query: (text, params) => queryDataDir(dir, text, params),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = await freshDatabase();
  const withSql = async <T>(use: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      return await use(sql);
    } finally {
      await sql.end();
    }
  };
  return {
    env: { DATABASE_URL: database.url },
    readableWhileRunning: true,
    stored: (doc) => withSql((sql) => storedDoc(sql, doc)),
    query: <T>(text: string, params: unknown[]) =>
      withSql(async (sql) => (await sql.unsafe(text, params as never[])) as unknown as T[]),
    drop: () => database.drop(),
  };
}
