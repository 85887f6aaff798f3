/**
 * Businesses registered before handles existed (issue 19, item 1): the migration gives each one a
 * handle from its name (accents dropped, a piece of its id so alike names differ, `shop` when no
 * letter is left) and the server keys it at start, so its link works at once and look-alikes of
 * it are refused. A database at the migration before, with businesses in it, is upgraded by the
 * real server, as an operator's upgrade would.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { freshDatabase } from '../support/processes.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const drizzle = fileURLToPath(new URL('../../server/drizzle/', import.meta.url));
const journal = JSON.parse(readFileSync(`${drizzle}meta/_journal.json`, 'utf8')) as {
  entries: Array<{ tag: string; when: number }>;
};
const handlesAt = journal.entries.findIndex((e) => e.tag.endsWith('_business_handles'));

let database: Awaited<ReturnType<typeof freshDatabase>>;
let server: TestServer;
let sql: postgres.Sql;

beforeAll(async () => {
  database = await freshDatabase();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  // The schema as it was just before handles, recorded as drizzle records what it applied.
  const before = journal.entries.slice(0, handlesAt);
  for (const entry of before)
    await sql.unsafe(
      readFileSync(`${drizzle}${entry.tag}.sql`, 'utf8').replaceAll('--> statement-breakpoint', ''),
    );
  await sql.unsafe(
    `CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
  );
  await sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('before-handles', ${before.at(-1)!.when})`;
  await sql`INSERT INTO businesses (id, name, category, status, verified, created_at) VALUES
    ('b-luna', 'Panadería Luna', 'food', 'active', false, 1),
    ('b-duck', '北京烤鸭店', 'food', 'active', false, 2),
    ('b-nandu', 'Ñandú Café', 'food', 'active', false, 3)`;
  server = await startTestServer({ DATABASE_URL: database.url });
});

afterAll(async () => {
  await server?.close();
  await sql?.end();
  await database?.drop();
});

it('gives every existing business a keyed handle its link works with', async () => {
  const rows = await sql<Array<{ handle: string; business_id: string; key: string | null }>>`
    SELECT handle, business_id, key FROM business_handles ORDER BY business_id`;
  // The migration's own form (the server's fallback for a business without one has no suffix).
  for (const row of rows) expect(row.handle).toMatch(/^[a-z0-9-]+-[0-9a-f]{6}$/);
  expect(rows.map((r) => [r.business_id, r.handle.replace(/-[0-9a-f]{6}$/, '')])).toEqual([
    ['b-duck', 'shop'],
    ['b-luna', 'panaderia-luna'],
    ['b-nandu', 'nandu-cafe'],
  ]);
  for (const row of rows) {
    expect(row.key, row.handle).not.toBeNull();
    const page = await fetch(`${server.url}/api/links/${row.handle}`);
    expect(page.status, row.handle).toBe(200);
    expect(((await page.json()) as { businessId: string }).businessId).toBe(row.business_id);
  }
});
