/**
 * Counting: turns committed updates into statistics, incrementally and exactly once.
 *
 * Statistics are a consumer of the one log follower (db/log-follower.ts) whose effects are
 * written in the transaction that moves its cursor (`log_cursors` row `stats`, locked for the
 * batch): the counts and the cursor commit together, so an update is counted once whichever
 * process counts it, however often processes restart or die between a commit and its counting,
 * and processes that race take turns on the row (the loser finds nothing left: no N× work).
 * A new cursor starts at the first row: the figures cover the whole log.
 *
 * Compaction may have folded rows into a document's snapshot before they were counted; the
 * snapshot is then counted in their place (db/committed-log.ts; safe: see count-update.ts).
 */
import type { LogConsumer, Tx } from '../db/log-follower.ts';
import type { LogRow } from '../db/committed-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { StatsFacts } from './facts.ts';
import { Tally } from './tally.ts';
import { PrefsAt, UpdateCounter } from './count-update.ts';

export const statsCursor = 'stats';

export function statsConsumer(facts: StatsFacts, clock: Clock, logger: Logger): LogConsumer {
  const counter = new UpdateCounter(facts, clock);
  return {
    name: statsCursor,
    startAt: 'beginning',
    effects: 'in-transaction',
    async handle(tx: Tx, rows: LogRow[]): Promise<void> {
      const started = performance.now();
      const tally = new Tally();
      const prefs = new PrefsAt(tx);
      for (const row of rows) await counter.count(tx, row, tally, prefs);
      await tally.flush(tx);
      logger.debug(
        { from: rows[0]?.seq, rows: rows.length, ms: Math.round(performance.now() - started) },
        'counted',
      );
    },
  };
}
