/**
 * Refused sends, counted where the refusal is given (the process that judged it; a refusal is
 * never committed as an update, so it has no other trace). `recordRefusal` is what the consent
 * rules' paths call; `countingRefusals` wraps a delivery gate so every refusal it gives is counted
 * against the business concerned (the sender when it is a business, else the conversation's).
 */
import { sql } from 'drizzle-orm';
import { dayIn, headDocName, type Actor } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { statsEvents, statsPlatform } from '../db/schema.ts';
import type { DeliveryGate } from '../consent/delivery-gate.ts';
import type { Logger } from '../logger.ts';
import type { StatsFacts } from './facts.ts';

export interface Refusal {
  /** The business concerned, or null (a refusal between two people). */
  businessId: string | null;
  reason: string;
  at: number;
}

export type RecordRefusal = (refusal: Refusal) => Promise<void>;

export function refusalRecorder(db: Db, facts: StatsFacts): RecordRefusal {
  return async ({ businessId, reason, at }) => {
    await db
      .insert(statsPlatform)
      .values({ day: dayIn('UTC', at), metric: 'refused', reason, count: 1 })
      .onConflictDoUpdate({
        target: [statsPlatform.day, statsPlatform.metric, statsPlatform.reason],
        set: { count: sql`${statsPlatform.count} + 1` },
      });
    if (!businessId) return;
    const day = dayIn(await facts.timezoneOf(db, businessId), at);
    await db
      .insert(statsEvents)
      .values({ businessId, day, kind: 'refused', reason, count: 1 })
      .onConflictDoUpdate({
        target: [statsEvents.businessId, statsEvents.day, statsEvents.kind, statsEvents.reason],
        set: { count: sql`${statsEvents.count} + 1` },
      });
  };
}

/** The same gate; each refusal it gives is also counted (a failure to count is only logged). */
export function countingRefusals(
  gate: DeliveryGate,
  db: Db,
  facts: StatsFacts,
  record: RecordRefusal,
  now: () => number,
  logger: Logger,
): DeliveryGate {
  return async (doc: string, update: Uint8Array, actor: Actor) => {
    const verdict = await gate(doc, update, actor);
    if (!verdict.ok) {
      const businessId =
        actor.kind === 'business'
          ? actor.id
          : (await facts.partiesOf(db, headDocName(doc))).businessId;
      await record({ businessId, reason: verdict.reason, at: now() }).catch((error: unknown) =>
        logger.error({ err: error, doc }, 'could not count a refusal'),
      );
    }
    return verdict;
  };
}
