/**
 * Whether the database carries every migration this build ships: the newest entry of
 * drizzle/meta/_journal.json against the newest row drizzle's migrator recorded. Behind means a
 * migration is missing (another process still migrating, or an older schema); ahead means the
 * database was migrated by a newer Souk (docs/operations.md: migrations are forward-only).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from './open.ts';

const journalPath = fileURLToPath(new URL('../../drizzle/meta/_journal.json', import.meta.url));

export function latestShipped(): number {
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

export type MigrationStatus = 'current' | 'behind' | 'ahead';

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  // postgres.js answers an array of rows, PGlite an object holding them.
  const result: unknown = await db.execute(
    sql`SELECT max(created_at)::text AS latest FROM drizzle.__drizzle_migrations`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
    latest: string | null;
  }>;
  const row = rows[0] ?? { latest: null };
  const applied = Number(row.latest ?? 0);
  const shipped = latestShipped();
  return applied === shipped ? 'current' : applied < shipped ? 'behind' : 'ahead';
}
