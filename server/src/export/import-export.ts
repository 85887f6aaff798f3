/**
 * Loads an export into an empty database (migrated first, by openDatabase): in one transaction,
 * so a refused or broken file leaves the target as empty as it was. Rows go back through
 * PostgreSQL's own JSON reading (`json_populate_recordset`), a batch per statement; the file's
 * row counts are checked against what was read (a cut file is refused); sequences owned by
 * columns are set past the rows loaded.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/open.ts';
import { latestShipped } from '../db/migration-status.ts';
import {
  ExportProblem,
  exportFormat,
  exportVersion,
  rowOf,
  rowsOf,
  type ExportHeader,
  type TableCounts,
} from './format.ts';
import { tablesInOrder } from './tables.ts';
import { assertEmpty } from './empty-target.ts';

const batchBytes = 4 * 1024 * 1024;
const batchRows = 1000;

function parseLine(line: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // said below
  }
  throw new ExportProblem(`The file is not a Souk export: ${what} is not a JSON object.`);
}

function checkHeader(value: Record<string, unknown>): ExportHeader {
  if (value.format !== exportFormat)
    throw new ExportProblem('The file is not a Souk export (no souk-export header).');
  if (value.version !== exportVersion)
    throw new ExportProblem(
      `The export is format version ${String(value.version)}; this Souk reads version ${exportVersion}.`,
    );
  const shipped = latestShipped();
  if (value.migration !== shipped)
    throw new ExportProblem(
      `The export was made by a Souk at migration ${String(value.migration)}, this Souk is at ${shipped}: ` +
        'import it with the same Souk version that made it, then upgrade.',
    );
  return value as unknown as ExportHeader;
}

/** Imports `file` into `database`; answers the rows per table. */
export async function importExport(
  database: Pick<Database, 'db'>,
  file: string,
): Promise<{ header: ExportHeader; counts: TableCounts }> {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  })[Symbol.asyncIterator]();
  const first = await lines.next().catch((error: unknown) => {
    throw new ExportProblem(`The file cannot be read as a gzip'd export: ${String(error)}`);
  });
  if (first.done) throw new ExportProblem('The file is empty.');
  const header = checkHeader(parseLine(first.value, 'its first line'));
  const counts = await database.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const known = new Set(await tablesInOrder(db));
    await assertEmpty(db, [...known]);
    await db.execute(sql`DELETE FROM seq_counter`); // the migration's starting row
    return loadRows(db, known, lines);
  });
  return { header, counts };
}

async function loadRows(
  db: Db,
  known: Set<string>,
  lines: AsyncIterator<string>,
): Promise<TableCounts> {
  const counts: TableCounts = {};
  let table: string | null = null;
  let batch: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0 || table === null) return;
    const rows = `[${batch.join(',')}]`;
    const target = sql.identifier(table);
    await db.execute(
      sql`INSERT INTO ${target} SELECT * FROM json_populate_recordset(NULL::${target}, ${rows}::json)`,
    );
    batch = [];
    bytes = 0;
  };
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const row = rowOf(next.value);
    if (row !== null) {
      if (table === null) throw new ExportProblem('The file has rows before any table.');
      batch.push(row);
      bytes += row.length;
      counts[table] = (counts[table] ?? 0) + 1;
      if (batch.length >= batchRows || bytes >= batchBytes) await flush();
      continue;
    }
    await flush();
    const marker = parseLine(next.value, 'a line');
    if (typeof marker.table === 'string') {
      if (!known.has(marker.table))
        throw new ExportProblem(
          `The export holds a table this Souk does not have: ${marker.table}.`,
        );
      table = marker.table;
      counts[table] = 0;
    } else if (marker.end && typeof marker.end === 'object') {
      checkCounts(marker.end as TableCounts, counts);
      await restoreSequences(db);
      return counts;
    } else throw new ExportProblem('The file has a line that is neither a row nor a table.');
  }
  throw new ExportProblem('The export is cut short (no end line): it was not written completely.');
}

function checkCounts(expected: TableCounts, read: TableCounts): void {
  const names = new Set([...Object.keys(expected), ...Object.keys(read)]);
  for (const name of names)
    if ((expected[name] ?? -1) !== (read[name] ?? -1))
      throw new ExportProblem(
        `The export is damaged: table ${name} should hold ${expected[name] ?? 0} rows, the file has ${read[name] ?? 0}.`,
      );
}

/** Every sequence owned by a column (serial, identity) continues after the rows loaded. */
async function restoreSequences(db: Db): Promise<void> {
  const owned = await rowsOf<{ seq: string; tab: string; col: string }>(
    db,
    sql`SELECT s.relname AS seq, t.relname AS tab, a.attname AS col FROM pg_depend d
        JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
        JOIN pg_class t ON t.oid = d.refobjid
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        JOIN pg_namespace n ON n.oid = s.relnamespace
        WHERE n.nspname = 'public' AND d.deptype IN ('a', 'i')`,
  );
  for (const { seq, tab, col } of owned)
    await db.execute(
      sql`SELECT setval(quote_ident(${seq})::regclass, coalesce((SELECT max(${sql.identifier(col)}) FROM ${sql.identifier(tab)}), 0) + 1, false)`,
    );
}
