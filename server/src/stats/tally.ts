/**
 * Increments gathered while a batch of updates is counted, written at its end in one statement
 * per table (`count = count + excluded.count`), inside the batch's transaction.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { statsDaily, statsEvents, statsKinds, statsPlatform } from '../db/schema.ts';

export type Executor = Pick<Db, 'insert' | 'select' | 'update' | 'delete'>;

export interface DailyKey {
  businessId: string;
  day: string;
  template: string;
  version: number;
  broadcast: string;
}
export type DailyField = 'sent' | 'delivered' | 'read' | 'received';
export type EventKind = 'opt_in' | 'opt_out' | 'refused';

export class Tally {
  private readonly daily = new Map<
    string,
    DailyKey & { sent: number; delivered: number; read: number; received: number }
  >();
  private readonly events = new Map<
    string,
    { businessId: string; day: string; kind: EventKind; reason: string; count: number }
  >();
  private readonly kinds = new Map<
    string,
    { businessId: string; day: string; kind: string; sent: number; received: number }
  >();
  private readonly platform = new Map<
    string,
    { day: string; metric: 'messages' | 'refused'; reason: string; count: number }
  >();

  addDaily(key: DailyKey, field: DailyField, by = 1): void {
    const id = JSON.stringify([key.businessId, key.day, key.template, key.version, key.broadcast]);
    const row = this.daily.get(id) ?? { ...key, sent: 0, delivered: 0, read: 0, received: 0 };
    row[field] += by;
    this.daily.set(id, row);
  }

  /** One more message of `kind` sent by the business, or received from a customer. */
  addKind(businessId: string, day: string, kind: string, field: 'sent' | 'received'): void {
    const id = JSON.stringify([businessId, day, kind]);
    const row = this.kinds.get(id) ?? { businessId, day, kind, sent: 0, received: 0 };
    row[field]++;
    this.kinds.set(id, row);
  }

  addEvent(businessId: string, day: string, kind: EventKind, reason = ''): void {
    const id = JSON.stringify([businessId, day, kind, reason]);
    const row = this.events.get(id) ?? { businessId, day, kind, reason, count: 0 };
    row.count++;
    this.events.set(id, row);
  }

  addPlatform(day: string, metric: 'messages' | 'refused', reason = ''): void {
    const id = JSON.stringify([day, metric, reason]);
    const row = this.platform.get(id) ?? { day, metric, reason, count: 0 };
    row.count++;
    this.platform.set(id, row);
  }

  async flush(db: Executor): Promise<void> {
    const daily = [...this.daily.values()];
    if (daily.length > 0) {
      const t = statsDaily;
      await db
        .insert(t)
        .values(daily)
        .onConflictDoUpdate({
          target: [t.businessId, t.day, t.template, t.version, t.broadcast],
          set: {
            sent: sql`${t.sent} + excluded.sent`,
            delivered: sql`${t.delivered} + excluded.delivered`,
            read: sql`${t.read} + excluded.read`,
            received: sql`${t.received} + excluded.received`,
          },
        });
    }
    const events = [...this.events.values()];
    if (events.length > 0) {
      const t = statsEvents;
      await db
        .insert(t)
        .values(events)
        .onConflictDoUpdate({
          target: [t.businessId, t.day, t.kind, t.reason],
          set: { count: sql`${t.count} + excluded.count` },
        });
    }
    const kinds = [...this.kinds.values()];
    if (kinds.length > 0) {
      const t = statsKinds;
      await db
        .insert(t)
        .values(kinds)
        .onConflictDoUpdate({
          target: [t.businessId, t.day, t.kind],
          set: {
            sent: sql`${t.sent} + excluded.sent`,
            received: sql`${t.received} + excluded.received`,
          },
        });
    }
    const platform = [...this.platform.values()];
    if (platform.length > 0) {
      const t = statsPlatform;
      await db
        .insert(t)
        .values(platform)
        .onConflictDoUpdate({
          target: [t.day, t.metric, t.reason],
          set: { count: sql`${t.count} + excluded.count` },
        });
    }
    this.daily.clear();
    this.events.clear();
    this.kinds.clear();
    this.platform.clear();
  }
}
