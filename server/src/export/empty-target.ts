/**
 * An import goes only into an empty database: freshly migrated, nobody signed in, nothing
 * written. The one row migrations write (`seq_counter` at 0) counts as empty.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { ExportProblem, rowsOf } from './format.ts';

export async function assertEmpty(db: Db, tables: string[]): Promise<void> {
  for (const table of tables) {
    const where = table === 'seq_counter' ? sql`WHERE value <> 0` : sql``;
    const [found] = await rowsOf<{ any: boolean }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM ${sql.identifier(table)} ${where}) AS any`,
    );
    if (found?.any)
      throw new ExportProblem(
        `The target database is not empty (table ${table} has rows): import only into a new, empty database.`,
      );
  }
}
