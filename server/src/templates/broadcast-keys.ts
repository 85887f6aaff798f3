/**
 * A broadcast sends once per idempotency key (schema/broadcasts.ts says why it is a table). The
 * claim is one insert that only one request can win, so two identical requests arriving together
 * send once: the winner sends and stores its answer, the other is told `in_progress`, and every
 * later retry gets the stored answer. A broadcast that failed part-way drops its claim, so the
 * business can try again (the messages already stored stay; the answer said it failed).
 */
import { and, eq } from 'drizzle-orm';
import { SoukError, type BroadcastRequest, type BroadcastResult } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { broadcastKeys } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { requestFingerprint } from './request-fingerprint.ts';

export class BroadcastKeys {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Runs `send` once for this key: the first request sends, a retry gets the first answer. */
  async once(
    businessId: string,
    request: BroadcastRequest & { key: string },
    send: () => Promise<BroadcastResult>,
  ): Promise<BroadcastResult> {
    const { key, ...rest } = request;
    const requestHash = requestFingerprint(rest);
    const claimed = await this.db
      .insert(broadcastKeys)
      .values({ businessId, key, requestHash, createdAt: this.clock.now() })
      .onConflictDoNothing()
      .returning({ key: broadcastKeys.key });
    if (claimed.length === 0) return this.replay(businessId, key, requestHash);
    const where = and(eq(broadcastKeys.businessId, businessId), eq(broadcastKeys.key, key));
    let result: BroadcastResult;
    try {
      result = await send();
    } catch (error) {
      await this.db.delete(broadcastKeys).where(where);
      throw error;
    }
    await this.db.update(broadcastKeys).set({ result }).where(where);
    return result;
  }

  private async replay(businessId: string, key: string, hash: string): Promise<BroadcastResult> {
    const [row] = await this.db
      .select()
      .from(broadcastKeys)
      .where(and(eq(broadcastKeys.businessId, businessId), eq(broadcastKeys.key, key)));
    // Dropped by a failed first attempt between our insert and this read: a conflict to retry.
    if (row && row.requestHash !== hash)
      throw SoukError.refusal('conflict', { code: 'idempotency_mismatch' });
    // Still sending, or dropped by a failed first attempt since our insert: a conflict to retry.
    if (!row || row.result === null) throw SoukError.refusal('conflict', { code: 'in_progress' });
    return row.result as BroadcastResult;
  }
}
