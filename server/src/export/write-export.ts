/**
 * Writes a consistent export of the whole database while Souk runs: every table read in one
 * read-only REPEATABLE READ transaction (one snapshot on PostgreSQL, however long the export
 * takes and whatever commits meanwhile; on PGlite the transaction holds the one connection, so
 * writes wait for the export), through a cursor in batches, written with backpressure — the
 * database is never held in memory. Uploaded images live in the `media` table: they are rows too.
 */
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/open.ts';
import {
  exportFormat,
  exportVersion,
  rowLine,
  rowsOf,
  type ExportHeader,
  type TableCounts,
} from './format.ts';
import { tablesInOrder } from './tables.ts';

/** Rows per fetch adapt so a batch holds about this much text (images are large rows). */
const batchBytes = 4 * 1024 * 1024;

/** Writes with backpressure; a destination closed meanwhile (a client gone) ends the export. */
async function put(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw new Error('export destination closed');
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (closed: boolean) => {
      out.off('drain', drained);
      out.off('close', gone);
      if (closed) reject(new Error('export destination closed'));
      else resolve();
    };
    const drained = () => settle(false);
    const gone = () => settle(true);
    out.once('drain', drained);
    out.once('close', gone);
  });
}

/** The export's lines, uncompressed, into `out` (left open); answers the rows per table. */
export async function writeExportLines(
  database: Pick<Database, 'db' | 'kind'>,
  out: Writable,
  now: () => number = Date.now,
): Promise<TableCounts> {
  return database.db.transaction(
    async (tx) => {
      const db = tx as unknown as Db;
      await db.execute(sql`SET LOCAL bytea_output = 'hex'`);
      const [level] = await rowsOf<{ latest: string | null }>(
        db,
        sql`SELECT max(created_at)::text AS latest FROM drizzle.__drizzle_migrations`,
      );
      const header: ExportHeader = {
        format: exportFormat,
        version: exportVersion,
        migration: Number(level?.latest ?? 0),
        createdAt: new Date(now()).toISOString(),
        source: database.kind,
      };
      await put(out, `${JSON.stringify(header)}\n`);
      const counts: TableCounts = {};
      for (const table of await tablesInOrder(db)) {
        await put(out, `${JSON.stringify({ table })}\n`);
        counts[table] = await writeTable(db, table, out);
      }
      await put(out, `${JSON.stringify({ end: counts })}\n`);
      return counts;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function writeTable(db: Db, table: string, out: Writable): Promise<number> {
  await db.execute(
    sql`DECLARE souk_export NO SCROLL CURSOR FOR
        SELECT row_to_json(t)::text AS j FROM ${sql.identifier(table)} t`,
  );
  let rows = 0;
  let fetch = 500;
  for (;;) {
    const batch = await rowsOf<{ j: string }>(
      db,
      sql`FETCH ${sql.raw(String(fetch))} FROM souk_export`,
    );
    if (batch.length === 0) break;
    let bytes = 0;
    for (const { j } of batch) {
      bytes += j.length;
      await put(out, rowLine(j));
    }
    rows += batch.length;
    fetch = Math.max(1, Math.min(5000, Math.floor((fetch * batchBytes) / Math.max(bytes, 1))));
  }
  await db.execute(sql`CLOSE souk_export`);
  return rows;
}

/** The export, gzip'd, into `destination` (ended when done; destroyed on failure). */
export async function writeExport(
  database: Pick<Database, 'db' | 'kind'>,
  destination: Writable,
  now?: () => number,
): Promise<TableCounts> {
  const gzip = createGzip();
  const piped = pipeline(gzip, destination);
  try {
    const counts = await writeExportLines(database, gzip, now);
    gzip.end();
    await piped;
    return counts;
  } catch (error) {
    gzip.destroy(error as Error);
    await piped.catch(() => {});
    throw error;
  }
}
