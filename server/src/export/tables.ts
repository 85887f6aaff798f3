/**
 * The tables an export holds, read from the database's catalog (so a table no one told this
 * module about is exported too), in dependency order: a table after every table its foreign keys
 * point to. Souk's schema has no foreign keys today; the order keeps an import valid if it grows some.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { rowsOf } from './format.ts';

export async function tablesInOrder(db: Pick<Db, 'execute'>): Promise<string[]> {
  const tables = await rowsOf<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  const links = await rowsOf<{ child: string; parent: string }>(
    db,
    sql`SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint k
        JOIN pg_class child ON child.oid = k.conrelid
        JOIN pg_class parent ON parent.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = child.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public'`,
  );
  const parents = new Map<string, string[]>();
  for (const { child, parent } of links)
    if (child !== parent) parents.set(child, [...(parents.get(child) ?? []), parent]);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name)) return;
    path.add(name);
    for (const parent of parents.get(name) ?? []) place(parent, path);
    placed.add(name);
    ordered.push(name);
  };
  for (const { name } of tables) place(name, new Set());
  return ordered;
}
