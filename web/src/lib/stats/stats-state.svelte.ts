/**
 * The dashboard's state: the chosen period, the figures, and where they came from. Every answer
 * is kept in the device's database (`meta`, one row per period), so the dashboard opens offline
 * with the last figures synced and says how old they are.
 */
import { businessStatsSchema, routeUrl, statsRoutes, type BusinessStats } from '@souk/sync';
import { call, OfflineError } from '$lib/api.ts';
import { describeError } from '$lib/errors.ts';
import type { SoukDb } from '$lib/db.ts';

export const periods = [7, 30, 90] as const;
export type Period = (typeof periods)[number];

interface Cached {
  stats: BusinessStats;
  savedAt: number;
}

const cacheKey = (period: Period) => `stats:${period}`;

export class StatsState {
  period = $state<Period>(30);
  stats = $state<BusinessStats | null>(null);
  /** When the shown figures were fetched from the server. */
  savedAt = $state(0);
  offline = $state(false);
  loading = $state(false);
  error = $state('');

  constructor(private readonly db: SoukDb) {}

  async choose(period: Period): Promise<void> {
    this.period = period;
    await this.load();
  }

  /** Shows the cached figures at once, then asks the server for fresh ones. */
  async load(): Promise<void> {
    const period = this.period;
    const cached = await this.readCache(period);
    if (period !== this.period) return;
    if (cached) {
      this.stats = cached.stats;
      this.savedAt = cached.savedAt;
    } else {
      this.stats = null;
    }
    this.loading = true;
    try {
      // The server ends the period today in the business's own timezone.
      const fresh = await call('business', statsRoutes.business, { query: { days: period } });
      if (period !== this.period) return;
      this.stats = fresh;
      this.savedAt = Date.now();
      this.offline = false;
      this.error = '';
      await this.db.meta.put({
        key: cacheKey(period),
        value: { stats: fresh, savedAt: this.savedAt },
      });
    } catch (e) {
      if (period !== this.period) return;
      this.offline = e instanceof OfflineError;
      this.error = this.offline ? '' : describeError(e);
    } finally {
      if (period === this.period) this.loading = false;
    }
  }

  private async readCache(period: Period): Promise<Cached | null> {
    const row = await this.db.meta.get(cacheKey(period));
    const value = row?.value as { stats?: unknown; savedAt?: unknown } | undefined;
    const stats = businessStatsSchema.safeParse(value?.stats);
    return stats.success && typeof value?.savedAt === 'number'
      ? { stats: stats.data, savedAt: value.savedAt }
      : null;
  }
}

/** A CSV download link of the shown figures. */
export function csvHref(stats: BusinessStats, table: 'days' | 'templates'): string {
  return routeUrl(statsRoutes.csv, {
    query: { app: 'business', table, from: stats.from, to: stats.to },
  });
}
