/** Statistics, built once per process: counting from the log, refusals, and the readers. */
import type { BusinessStats, PlatformStats, StatsRangeQuery } from '@souk/sync';
import type { Database } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Hub } from '../sync/hub.ts';
import type { DeliveryGate } from '../consent/delivery-gate.ts';
import { StatsFacts } from './facts.ts';
import { StatsIngest, type StatsIngestOptions } from './stats-ingest.ts';
import { businessStats, platformStats } from './stats-query.ts';
import { countingRefusals, refusalRecorder, type RecordRefusal } from './refusals.ts';

export interface Stats {
  /** Counts everything committed so far (answers are then up to date). */
  flush(): Promise<void>;
  business(businessId: string, query: StatsRangeQuery): Promise<BusinessStats>;
  platform(query: StatsRangeQuery): Promise<PlatformStats>;
  /** Counts again from `seq` (see StatsIngest.rewind). */
  rewind(seq: number): Promise<void>;
  recordRefusal: RecordRefusal;
  /** `gate`, counting each refusal it gives. */
  countRefusals(gate: DeliveryGate): DeliveryGate;
  close(): Promise<void>;
}

export function createStats(
  database: Database,
  hub: Hub,
  clock: Clock,
  logger: Logger,
  options: Partial<StatsIngestOptions> = {},
): Stats {
  const facts = new StatsFacts(() => clock.now());
  const ingest = new StatsIngest(database, hub, facts, clock, logger, {
    batchSize: 500,
    delayMs: 1000,
    sweepMs: 5000,
    ...options,
  });
  const recordRefusal = refusalRecorder(database.db, facts);
  void ingest.flush().catch(() => {}); // what committed while no process was counting
  return {
    flush: () => ingest.flush(),
    async business(businessId, query) {
      await ingest.flush().catch(() => {}); // logged; answer with what is counted
      return businessStats(database.db, facts, businessId, query, clock.now());
    },
    async platform(query) {
      await ingest.flush().catch(() => {}); // logged; answer with what is counted
      return platformStats(database.db, query, clock.now());
    },
    rewind: (seq) => ingest.rewind(seq),
    recordRefusal,
    countRefusals: (gate) =>
      countingRefusals(gate, database.db, facts, recordRefusal, () => clock.now(), logger),
    close: () => ingest.close(),
  };
}
