/**
 * The export format: gzip'd NDJSON, one JSON value per line.
 *
 *   {"format":"souk-export","version":1,"migration":<ms>,"createdAt":"<ISO>","source":"pglite"}
 *   {"table":"conversations"}
 *   {"r":<the row as PostgreSQL's row_to_json writes it>}      one line per row
 *   …                                                           every table in dependency order
 *   {"end":{"conversations":12,"doc_updates":3400,…}}           rows per table: a cut file fails
 *
 * Rows are written and read by PostgreSQL itself (`row_to_json` out, `json_populate_recordset`
 * in), so every type round-trips exactly: 64-bit integers as JSON numbers never parsed by
 * JavaScript, bytea as `\x…` hex (gzip takes most of the doubling back), jsonb as JSON.
 * `migration` is the newest applied migration (drizzle's `created_at`): an export loads only into
 * a database at the same migration level.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/open.ts';

export const exportFormat = 'souk-export';
export const exportVersion = 1;

export interface ExportHeader {
  format: typeof exportFormat;
  version: number;
  migration: number;
  createdAt: string;
  source: 'pglite' | 'postgres';
}

/** Rows per table, in the order written. */
export type TableCounts = Record<string, number>;

const rowPrefix = '{"r":';

export const rowLine = (rowJson: string) => `${rowPrefix}${rowJson}}\n`;

/** The row's JSON text out of its line, untouched (PostgreSQL parses it), or null for another line. */
export function rowOf(line: string): string | null {
  return line.startsWith(rowPrefix) && line.endsWith('}') ? line.slice(rowPrefix.length, -1) : null;
}

/** A problem with the file or the target, said in one line (the CLI prints it as it is). */
export class ExportProblem extends Error {}

/** postgres.js answers an array of rows, PGlite an object holding them. */
export async function rowsOf<T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
