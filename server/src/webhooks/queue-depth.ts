/** Webhook deliveries waiting to be sent (pending, due or backing off), read for /metrics. */
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { webhookDeliveries } from '../db/schema.ts';

export async function webhookQueueDepth(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, 'pending'));
  return row?.n ?? 0;
}
