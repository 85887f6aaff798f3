/**
 * An export is one snapshot: rows committed on PostgreSQL while it is being written (held at a
 * barrier between two tables) are not in it, though their table comes later. Every type comes
 * back exactly in the other database (PGlite): bytes, 64-bit integers, sequences. An import goes
 * only into an empty database, and a refused one leaves it empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/open.ts';
import { rowsOf, ExportProblem } from './format.ts';
import { writeExport, writeExportLines } from './write-export.ts';
import { importExport } from './import-export.ts';

const postgresUrl = process.env.SOUK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `souk_export_${process.pid}_${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'souk-export-'));
const bytes = new Uint8Array([0, 1, 2, 127, 128, 255, 92, 120]); // NUL, high bytes, "\x"
const bigClientId = 4_294_967_295;

let source: Database;
let other: postgres.Sql;

beforeAll(async () => {
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${dbName}`;
  source = await openDatabase({ url: url.toString(), dataDir: '' });
  other = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await other`INSERT INTO conversations (id, kind, created_at) VALUES ('c1', 'private', 1)`;
  await other`INSERT INTO doc_members (doc, identity_id) VALUES ('conv:c1', 'a'), ('conv:c1', 'b')`;
  await other`INSERT INTO doc_updates (seq, doc, data, created_at)
              VALUES (1, 'conv:c1', ${Buffer.from(bytes)}, 1), (2, 'conv:c1', '\\x00', 2)`;
  await other`UPDATE seq_counter SET value = 2`;
  await other`INSERT INTO doc_clients (doc, client_id, identity_id) VALUES ('conv:c1', ${bigClientId}, 'a')`;
  // A serial column, as a later migration might add: its sequence must continue after import.
  await other`CREATE TABLE test_serial (id serial PRIMARY KEY, note text)`;
  await other`INSERT INTO test_serial (note) VALUES ('one'), ('two'), ('three')`;
});
afterAll(async () => {
  await other?.end();
  await source?.close();
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

/** Collects the export's lines; holds the write of `table`'s first line until `release`. */
function heldAt(table: string) {
  let reached!: () => void;
  let release!: () => void;
  const reachedBarrier = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const chunks: string[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      if (!chunk.toString().includes(`{"table":"${table}"}`)) return done();
      reached();
      void released.then(() => done());
    },
  });
  return { sink, reachedBarrier, release, lines: () => chunks.join('').trimEnd().split('\n') };
}

async function emptyPglite(): Promise<Database> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await database.db.execute(sql`CREATE TABLE test_serial (id serial PRIMARY KEY, note text)`);
  return database;
}

describe('export and import', () => {
  let file: string;

  it('writes one snapshot: what commits during the export is not in it', async () => {
    const held = heldAt('doc_updates');
    const exporting = writeExportLines(source, held.sink);
    await held.reachedBarrier; // conversations and doc_members are written, doc_updates not yet
    await other.begin(async (tx) => {
      await tx`INSERT INTO conversations (id, kind, created_at) VALUES ('c2', 'private', 3)`;
      await tx`INSERT INTO doc_updates (seq, doc, data, created_at) VALUES (3, 'conv:c2', '\\x01', 3)`;
      await tx`UPDATE seq_counter SET value = 3`;
    });
    held.release();
    const counts = await exporting;
    expect(counts).toMatchObject({
      conversations: 1,
      doc_updates: 2,
      doc_members: 2,
      test_serial: 3,
    });
    const lines = held.lines();
    expect(lines.filter((line) => line.includes('conv:c2'))).toEqual([]);
    expect(lines).toContain('{"r":{"id":1,"value":2}}'); // seq_counter as of the snapshot
    expect(JSON.parse(lines.at(-1)!)).toEqual({ end: counts });
  });

  it('loads into an empty PGlite with every value exact, sequences continued', async () => {
    file = join(dir, 'full.ndjson.gz');
    await writeExport(source, createWriteStream(file));
    const target = await emptyPglite();
    try {
      const { counts, header } = await importExport(target, file);
      expect(header).toMatchObject({ format: 'souk-export', version: 1, source: 'postgres' });
      expect(counts).toMatchObject({ conversations: 2, doc_updates: 3, test_serial: 3 });
      const updates = await rowsOf<{ seq: number | string; data: Uint8Array }>(
        target.db,
        sql`SELECT seq, data FROM doc_updates ORDER BY seq`,
      );
      expect(updates.map((u) => Number(u.seq))).toEqual([1, 2, 3]);
      expect(new Uint8Array(updates[0]!.data)).toEqual(bytes);
      const [client] = await rowsOf<{ id: string }>(
        target.db,
        sql`SELECT client_id::text AS id FROM doc_clients`,
      );
      expect(client?.id).toBe(String(bigClientId));
      const [counter] = await rowsOf<{ value: string }>(
        target.db,
        sql`SELECT value::text AS value FROM seq_counter`,
      );
      expect(counter?.value).toBe('3');
      const [next] = await rowsOf<{ id: number }>(
        target.db,
        sql`INSERT INTO test_serial (note) VALUES ('four') RETURNING id`,
      );
      expect(next?.id).toBe(4);

      // The target is not empty now: refused, in one line, nothing changed.
      await expect(importExport(target, file)).rejects.toThrow(
        /^The target database is not empty \(table \w+ has rows\)/,
      );
    } finally {
      await target.close();
    }
  });

  it('refuses a cut, foreign or newer file and leaves the target empty', async () => {
    const lines = gunzipSync(readFileSync(file)).toString().trimEnd().split('\n');
    const write = (name: string, text: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, typeof text === 'string' ? gzipSync(text) : text);
      return path;
    };
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    const cases: Array<[string, RegExp]> = [
      [write('cut.gz', lines.slice(0, -3).join('\n')), /cut short/],
      [write('plain.gz', Buffer.from('not gzip at all')), /cannot be read/],
      [write('other.gz', '{"hello":1}\n'), /not a Souk export/],
      [
        write(
          'newer.gz',
          [JSON.stringify({ ...header, migration: 99e12 }), ...lines.slice(1)].join('\n'),
        ),
        /made by a Souk at migration 99000000000000.*same Souk version/,
      ],
      [
        write(
          'miscounted.gz',
          [
            ...lines.slice(0, -1),
            lines.at(-1)!.replace('"conversations":2', '"conversations":5'),
          ].join('\n'),
        ),
        /table conversations should hold 5 rows, the file has 2/,
      ],
    ];
    const target = await emptyPglite();
    try {
      for (const [path, problem] of cases) {
        const refused = importExport(target, path);
        await expect(refused).rejects.toBeInstanceOf(ExportProblem);
        await expect(refused).rejects.toThrow(problem);
      }
      // Nothing of the refused imports stayed: the good file still goes in.
      expect((await importExport(target, file)).counts.doc_updates).toBe(3);
    } finally {
      await target.close();
    }
  });
});
