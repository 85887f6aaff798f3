/**
 * Platform operators: phone numbers allowed into the console. An operator signs in like any
 * person (personal app, `souk_session`) and the console checks the signed-in person's phone
 * against this table on every `/api/admin/*` request. Chosen over a third app/cookie because it
 * needs no new identity kind and no second sign-in flow, and removing a row takes effect at once.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { operators } from '../db/schema.ts';

export async function createOperator(db: Db, phone: string, now: number): Promise<boolean> {
  const inserted = await db
    .insert(operators)
    .values({ phone, createdAt: now })
    .onConflictDoNothing()
    .returning({ phone: operators.phone });
  return inserted.length > 0;
}

export async function isOperator(db: Db, phone: string): Promise<boolean> {
  const [row] = await db.select().from(operators).where(eq(operators.phone, phone));
  return row !== undefined;
}
