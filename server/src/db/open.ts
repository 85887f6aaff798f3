/**
 * Opens the database: embedded PGlite (a data directory, or in memory for tests) by default,
 * PostgreSQL when a URL is given. Both get the same drizzle schema and migrations.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema.ts';
import { sortLegacyMedia } from '../media/legacy-media.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw postgres.js client (PostgreSQL only), for LISTEN/NOTIFY. */
  sql: postgres.Sql | null;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function openDatabase(options: {
  url?: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (options.url) {
    const sql = postgres(options.url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(sql, { schema });
    // Several processes may start at once: one migrates at a time.
    const lock = postgres(options.url, { max: 1, onnotice: () => {} });
    try {
      await lock`SELECT pg_advisory_lock(424242)`;
      await migratePostgres(db, { migrationsFolder });
      await sortLegacyMedia(db as unknown as Db);
    } finally {
      await lock`SELECT pg_advisory_unlock(424242)`;
      await lock.end();
    }
    return { db: db as unknown as Db, kind: 'postgres', sql, close: () => sql.end({ timeout: 5 }) };
  }
  const memory = options.dataDir === 'memory://';
  if (!memory) mkdirSync(options.dataDir, { recursive: true });
  const client = memory ? new PGlite() : new PGlite(options.dataDir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  await sortLegacyMedia(db as unknown as Db);
  return { db: db as unknown as Db, kind: 'pglite', sql: null, close: () => client.close() };
}
