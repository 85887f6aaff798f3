/**
 * The VAPID key pair that identifies this server to push services. Made once, at the first start,
 * and kept in the database so every process (and every restart) signs with the same key — the
 * browsers' subscriptions are bound to it. Several processes starting at once race to insert
 * the one row; the loser's pair is dropped and everyone reads the winner's.
 */
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import type { Db } from '../db/open.ts';
import { pushKeys } from '../db/schema.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export async function loadVapidKeys(db: Db, now: number): Promise<VapidKeys> {
  const existing = await readKeys(db);
  if (existing) return existing;
  const fresh = webpush.generateVAPIDKeys();
  await db
    .insert(pushKeys)
    .values({ id: 1, ...fresh, createdAt: now })
    .onConflictDoNothing();
  const stored = await readKeys(db);
  if (!stored) throw new Error('could not store the VAPID keys');
  return stored;
}

async function readKeys(db: Db): Promise<VapidKeys | null> {
  const [row] = await db
    .select({ publicKey: pushKeys.publicKey, privateKey: pushKeys.privateKey })
    .from(pushKeys)
    .where(eq(pushKeys.id, 1));
  return row ?? null;
}
