/**
 * Template packs on the device: which businesses' packs it keeps, fetching them when their
 * schedule (sync/src/templates/pack-schedule.ts) says so — every 31 days, at once for a version
 * the device lacks, 5 minutes after a failure — with ETag revalidation. No Svelte here: the
 * service worker runs the same code on Periodic Background Sync. The clock is injected, so
 * tests drive 31 days and 5 minutes without waiting.
 */
import {
  dueNow,
  newPackSchedule,
  nextWakeAt,
  onFailure,
  onMissingVersion,
  onSuccess,
  templateRoutes,
  type App,
  type Revalidated,
  type Template,
  type TemplatePack,
} from '@souk/sync';
import { revalidate } from '$lib/api.ts';
import type { PackRow, SoukDb } from '$lib/db.ts';

/** Asks for a business's pack again, given the ETag of the copy the device has. */
export type PackFetcher = (
  app: App,
  businessId: string,
  etag: string | null,
) => Promise<Revalidated<TemplatePack>>;

const fetchFromServer: PackFetcher = (app, businessId, etag) =>
  revalidate(app, templateRoutes.pack, { params: { businessId }, etag });

export interface Clock {
  now(): number;
}

export class PackStore {
  /** One download per business at a time. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly db: SoukDb,
    private readonly app: App,
    private readonly clock: Clock = Date,
    private readonly fetcher: PackFetcher = fetchFromServer,
  ) {}

  /** Keeps `businessId`'s pack from now on (a new one is due at once). */
  async track(businessId: string): Promise<void> {
    const row: PackRow = {
      businessId,
      pack: null,
      etag: null,
      schedule: newPackSchedule(this.clock.now()),
    };
    await this.db.packs.add(row).catch(() => {}); // already tracked
  }

  /** Fetches every pack whose time has come; failures are recorded, never thrown. */
  async refreshDue(): Promise<void> {
    const now = this.clock.now();
    const due = (await this.db.packs.toArray()).filter((row) => dueNow(row.schedule, now));
    await Promise.all(due.map((row) => this.fetchPack(row.businessId)));
  }

  /** A message names a template version this device lacks: ask at once. */
  async missing(businessId: string): Promise<void> {
    await this.track(businessId);
    const row = await this.db.packs.get(businessId);
    if (!row) return;
    await this.db.packs.update(businessId, {
      schedule: onMissingVersion(row.schedule, this.clock.now()),
    });
    if (dueNow(onMissingVersion(row.schedule, this.clock.now()), this.clock.now()))
      await this.fetchPack(businessId);
  }

  async nextWake(): Promise<number | null> {
    const rows = await this.db.packs.toArray();
    return nextWakeAt(
      rows.map((r) => r.schedule),
      this.clock.now(),
    );
  }

  fetchPack(businessId: string): Promise<void> {
    const running = this.inFlight.get(businessId);
    if (running) return running;
    const task = this.download(businessId).finally(() => this.inFlight.delete(businessId));
    this.inFlight.set(businessId, task);
    return task;
  }

  private async download(businessId: string): Promise<void> {
    const row = await this.db.packs.get(businessId);
    if (!row) return;
    let change: Partial<PackRow>;
    try {
      const answer = await this.fetcher(this.app, businessId, row.etag);
      const schedule = onSuccess(row.schedule, this.clock.now());
      change = answer.changed ? { pack: answer.value, etag: answer.etag, schedule } : { schedule };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      change = { schedule: onFailure(row.schedule, this.clock.now(), reason) };
    }
    await this.db.packs.update(businessId, change);
  }
}

/** The template a message names, from a stored pack. */
export function findTemplate(
  row: PackRow | undefined,
  name: string,
  version: number,
): Template | undefined {
  return row?.pack?.templates.find((t) => t.name === name && t.version === version);
}
