/** Statistics, built once per process: counting from the log, refusals, and the readers. */
import type { BusinessStats, PlatformStats, StatsRangeQuery } from '@souk/sync';
import type { Database } from '../db/open.ts';
import type { LogFollower } from '../db/log-follower.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryGate } from '../consent/delivery-gate.ts';
import { StatsFacts } from './facts.ts';
import { statsConsumer, statsCursor } from './stats-consumer.ts';
import { businessStats, platformStats } from './stats-query.ts';
import { countingRefusals, refusalRecorder, type RecordRefusal } from './refusals.ts';

export interface Stats {
  /** Counts everything committed so far (answers are then up to date). */
  flush(): Promise<void>;
  business(businessId: string, query: StatsRangeQuery): Promise<BusinessStats>;
  platform(query: StatsRangeQuery): Promise<PlatformStats>;
  /**
   * Counts again from `seq`: what was counted already is recognised and not counted twice (a
   * check of idempotency; also for a restored backup). Refusals and private chats' messages are
   * the exception: they keep no facts.
   */
  rewind(seq: number): Promise<void>;
  recordRefusal: RecordRefusal;
  /** `gate`, counting each refusal it gives. */
  countRefusals(gate: DeliveryGate): DeliveryGate;
}

/** Registers counting with `follower` (which the caller starts once every consumer is in). */
export function createStats(
  database: Database,
  follower: LogFollower,
  clock: Clock,
  logger: Logger,
): Stats {
  const facts = new StatsFacts(() => clock.now());
  follower.register(statsConsumer(facts, clock, logger));
  const recordRefusal = refusalRecorder(database.db, facts);
  const counted = () => follower.settled(statsCursor);
  return {
    flush: counted,
    async business(businessId, query) {
      await counted().catch(() => {}); // logged; answer with what is counted
      return businessStats(database.db, facts, businessId, query, clock.now());
    },
    async platform(query) {
      await counted().catch(() => {}); // logged; answer with what is counted
      return platformStats(database.db, query, clock.now());
    },
    rewind: (seq) => follower.rewind(statsCursor, seq),
    recordRefusal,
    countRefusals: (gate) =>
      countingRefusals(gate, database.db, facts, recordRefusal, () => clock.now(), logger),
  };
}
