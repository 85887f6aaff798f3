/** Reads the aggregates into the shared answer shapes (sync/src/stats.ts) and CSV. */
import { and, between, count, eq, sql } from 'drizzle-orm';
import {
  addDays,
  dayIn,
  daysBetween,
  maxStatsDays,
  readRate,
  SoukError,
  type BusinessStats,
  type PlatformStats,
  type StatsRangeQuery,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import {
  businesses,
  identities,
  statsDaily,
  statsEvents,
  statsKinds,
  statsPlatform,
} from '../db/schema.ts';
import type { StatsFacts } from './facts.ts';
import { actionKinds } from './count-actions.ts';

/** The asked range (days up to today in `zone` by default); refused when reversed or too long. */
export function resolveRange(query: StatsRangeQuery, zone: string, now: number) {
  const to = query.to ?? dayIn(zone, now);
  const from = query.from ?? addDays(to, -((query.days ?? 30) - 1));
  if (from > to) throw new SoukError('bad_request', '`from` is after `to`.');
  if (daysBetween(from, to).length > maxStatsDays)
    throw new SoukError('bad_request', `At most ${maxStatsDays} days at a time.`);
  return { from, to };
}

const zero = () => ({ sent: 0, delivered: 0, read: 0, received: 0 });

export async function businessStats(
  db: Db,
  facts: StatsFacts,
  businessId: string,
  query: StatsRangeQuery,
  now: number,
): Promise<BusinessStats> {
  const timezone = await facts.timezoneOf(db, businessId);
  const { from, to } = resolveRange(query, timezone, now);
  const [daily, events, kindRows] = await Promise.all([
    db
      .select()
      .from(statsDaily)
      .where(and(eq(statsDaily.businessId, businessId), between(statsDaily.day, from, to))),
    db
      .select()
      .from(statsEvents)
      .where(and(eq(statsEvents.businessId, businessId), between(statsEvents.day, from, to))),
    db
      .select()
      .from(statsKinds)
      .where(and(eq(statsKinds.businessId, businessId), between(statsKinds.day, from, to))),
  ]);
  const days = new Map(
    daysBetween(from, to).map((day) => [
      day,
      { day, ...zero(), optIns: 0, optOuts: 0, refused: 0 },
    ]),
  );
  const totals = { ...zero(), optIns: 0, optOuts: 0, refused: 0 };
  const templates = new Map<string, BusinessStats['templates'][number]>();
  const broadcasts = new Map<string, BusinessStats['broadcasts'][number]>();
  for (const row of daily) {
    const day = days.get(row.day)!;
    for (const field of ['sent', 'delivered', 'read', 'received'] as const) {
      day[field] += row[field];
      totals[field] += row[field];
    }
    if (row.sent + row.delivered + row.read > 0) {
      const key = `${row.template}\u0000${row.version}`;
      const t = templates.get(key) ?? {
        template: row.template,
        version: row.version,
        sent: 0,
        delivered: 0,
        read: 0,
      };
      t.sent += row.sent;
      t.delivered += row.delivered;
      t.read += row.read;
      templates.set(key, t);
    }
    if (row.broadcast) {
      const b = broadcasts.get(row.broadcast) ?? {
        broadcast: row.broadcast,
        template: row.template,
        version: row.version,
        firstDay: row.day,
        sent: 0,
        delivered: 0,
        read: 0,
      };
      b.sent += row.sent;
      b.delivered += row.delivered;
      b.read += row.read;
      if (row.day < b.firstDay) b.firstDay = row.day;
      broadcasts.set(row.broadcast, b);
    }
  }
  const refusals = new Map<string, number>();
  for (const event of events) {
    const day = days.get(event.day)!;
    const field =
      event.kind === 'opt_in' ? 'optIns' : event.kind === 'opt_out' ? 'optOuts' : 'refused';
    day[field] += event.count;
    totals[field] += event.count;
    if (event.kind === 'refused')
      refusals.set(event.reason, (refusals.get(event.reason) ?? 0) + event.count);
  }
  return {
    from,
    to,
    timezone,
    generatedAt: now,
    totals,
    days: [...days.values()],
    templates: [...templates.values()].sort(
      (a, b) => b.sent - a.sent || a.template.localeCompare(b.template) || a.version - b.version,
    ),
    broadcasts: [...broadcasts.values()].sort((a, b) => b.firstDay.localeCompare(a.firstDay)),
    refusals: byCount(refusals),
    kinds: kindTotals(kindRows.filter((row) => !isAction(row.kind))),
    actions: actionKinds.map((action) => {
      const rows = kindRows.filter((row) => row.kind === action);
      const sum = (field: 'sent' | 'received') => rows.reduce((n, row) => n + row[field], 0);
      return { action, sent: sum('sent'), received: sum('received') };
    }),
  };
}

const isAction = (kind: string) => (actionKinds as readonly string[]).includes(kind);

/** The per-day rows of each kind, summed over the range; most used first. */
function kindTotals(rows: Array<{ kind: string; sent: number; received: number }>) {
  const kinds = new Map<string, { kind: string; sent: number; received: number }>();
  for (const row of rows) {
    const k = kinds.get(row.kind) ?? { kind: row.kind, sent: 0, received: 0 };
    k.sent += row.sent;
    k.received += row.received;
    kinds.set(row.kind, k);
  }
  return [...kinds.values()].sort(
    (a, b) => b.sent + b.received - (a.sent + a.received) || a.kind.localeCompare(b.kind),
  );
}

export async function platformStats(
  db: Db,
  query: StatsRangeQuery,
  now: number,
): Promise<PlatformStats> {
  const { from, to } = resolveRange(query, 'UTC', now);
  const [kinds, people, rows] = await Promise.all([
    db
      .select({ verified: businesses.verified, status: businesses.status, n: count() })
      .from(businesses)
      .groupBy(businesses.verified, businesses.status),
    db.select({ n: count() }).from(identities).where(eq(identities.kind, 'person')),
    db
      .select({
        day: statsPlatform.day,
        metric: statsPlatform.metric,
        reason: statsPlatform.reason,
        n: sql<number>`sum(${statsPlatform.count})`.mapWith(Number),
      })
      .from(statsPlatform)
      .where(between(statsPlatform.day, from, to))
      .groupBy(statsPlatform.day, statsPlatform.metric, statsPlatform.reason),
  ]);
  const counts = { verified: 0, unverified: 0, suspended: 0 };
  for (const k of kinds) {
    counts[k.verified ? 'verified' : 'unverified'] += k.n;
    if (k.status === 'suspended') counts.suspended += k.n;
  }
  const days = new Map(daysBetween(from, to).map((day) => [day, { day, messages: 0 }]));
  const refusals = new Map<string, number>();
  for (const row of rows) {
    if (row.metric === 'messages') days.get(row.day)!.messages += row.n;
    else refusals.set(row.reason, (refusals.get(row.reason) ?? 0) + row.n);
  }
  return {
    from,
    to,
    generatedAt: now,
    businesses: counts,
    people: people[0]?.n ?? 0,
    days: [...days.values()],
    refusals: byCount(refusals),
  };
}

/** Reasons, the most frequent first (then by name, so the order is stable). */
function byCount(counts: Map<string, number>) {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

const rate = (counts: { sent: number; read: number }) => {
  const value = readRate(counts);
  return value === null ? '' : value.toFixed(4);
};

function csv(rows: Array<Array<string | number>>): string {
  const cell = (v: string | number) => {
    const text = String(v);
    // Quote when needed; a leading = + - @ would be a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function daysCsv(stats: BusinessStats): string {
  return csv([
    ['day', 'sent', 'delivered', 'read', 'received', 'read_rate', 'opt_ins', 'opt_outs', 'refused'],
    ...stats.days.map((d) => [
      d.day,
      d.sent,
      d.delivered,
      d.read,
      d.received,
      rate(d),
      d.optIns,
      d.optOuts,
      d.refused,
    ]),
  ]);
}

export function templatesCsv(stats: BusinessStats): string {
  return csv([
    ['template', 'version', 'sent', 'delivered', 'read', 'read_rate'],
    ...stats.templates.map((t) => [t.template, t.version, t.sent, t.delivered, t.read, rate(t)]),
  ]);
}
