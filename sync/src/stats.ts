/**
 * Statistics answers, shared by the server (which builds them) and the apps (which check and
 * cache them). Days are calendar days `YYYY-MM-DD` in the business's timezone (its profile's
 * `hours.timezone`, UTC when it has none); platform figures use UTC days.
 *
 * What is counted: `sent` the business's messages, `delivered` / `read` those of them the customer's
 * receipts reached (counted on the day the message was sent, so a day's read rate is a share of
 * that day's sends; a person with read receipts off only ever counts as delivered), `received`
 * the customers' messages, `refused` sends the consent rules stopped, opt-ins and opt-outs the
 * changes of people's "receive updates" choice. Read rate = read ÷ sent.
 */
import { z } from 'zod';

export const statsDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is YYYY-MM-DD.');

/** Longest range one request may ask for. */
export const maxStatsDays = 366;

/**
 * `from`/`to` (both included), or the last `days` days up to `to` (default: today in the
 * business's timezone, so an app need not know it); 30 days when nothing is given.
 */
export const statsRangeQuerySchema = z
  .object({
    from: statsDaySchema.optional(),
    to: statsDaySchema.optional(),
    days: z.coerce.number().int().min(1).max(maxStatsDays).optional(),
  })
  .strict();
export type StatsRangeQuery = z.infer<typeof statsRangeQuerySchema>;

const count = z.int().nonnegative();

export const statsCountsSchema = z.object({
  sent: count,
  delivered: count,
  read: count,
  received: count,
});
export type StatsCounts = z.infer<typeof statsCountsSchema>;

export const statsDayRowSchema = statsCountsSchema.extend({
  day: statsDaySchema,
  optIns: count,
  optOuts: count,
  refused: count,
});
export type StatsDayRow = z.infer<typeof statsDayRowSchema>;

export const statsTemplateRowSchema = z.object({
  template: z.string(),
  version: z.int().nonnegative(),
  sent: count,
  delivered: count,
  read: count,
});
export type StatsTemplateRow = z.infer<typeof statsTemplateRowSchema>;

export const statsBroadcastRowSchema = statsTemplateRowSchema.extend({
  broadcast: z.string(),
  firstDay: statsDaySchema,
});
export type StatsBroadcastRow = z.infer<typeof statsBroadcastRowSchema>;

export const statsReasonRowSchema = z.object({ reason: z.string(), count });
export type StatsReasonRow = z.infer<typeof statsReasonRowSchema>;

/** Messages of one kind (text, template, image, voice, audio, document, video, location, contact). */
export const statsKindRowSchema = z.object({ kind: z.string(), sent: count, received: count });
export type StatsKindRow = z.infer<typeof statsKindRowSchema>;

/** Message actions (reactions, edits, deletions for everyone): sent by the business, received. */
export const statsActionRowSchema = z.object({
  action: z.enum(['reaction', 'edit', 'deletion']),
  sent: count,
  received: count,
});
export type StatsActionRow = z.infer<typeof statsActionRowSchema>;

export const businessStatsSchema = z.object({
  from: statsDaySchema,
  to: statsDaySchema,
  timezone: z.string(),
  /** When the server answered (ms since the epoch): how old a cached copy is. */
  generatedAt: z.int().nonnegative(),
  totals: statsCountsSchema.extend({ optIns: count, optOuts: count, refused: count }),
  /** Every day of the range, oldest first, zeros included. */
  days: z.array(statsDayRowSchema),
  templates: z.array(statsTemplateRowSchema),
  broadcasts: z.array(statsBroadcastRowSchema),
  refusals: z.array(statsReasonRowSchema),
  /** Sent and received per message kind over the range, most used first. */
  kinds: z.array(statsKindRowSchema),
  /** Reactions, edits and deletions over the range, each action once. */
  actions: z.array(statsActionRowSchema),
});
export type BusinessStats = z.infer<typeof businessStatsSchema>;

export const platformStatsSchema = z.object({
  from: statsDaySchema,
  to: statsDaySchema,
  generatedAt: z.int().nonnegative(),
  businesses: z.object({ verified: count, unverified: count, suspended: count }),
  people: count,
  /** Messages in every conversation, per UTC day, oldest first, zeros included. */
  days: z.array(z.object({ day: statsDaySchema, messages: count })),
  refusals: z.array(statsReasonRowSchema),
});
export type PlatformStats = z.infer<typeof platformStatsSchema>;

/** read ÷ sent, or null when nothing was sent. */
export function readRate(counts: { sent: number; read: number }): number | null {
  return counts.sent > 0 ? counts.read / counts.sent : null;
}

const dayFormats = new Map<string, Intl.DateTimeFormat | null>();

function dayFormat(timezone: string): Intl.DateTimeFormat | null {
  let format = dayFormats.get(timezone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone: timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      format = null;
    }
    if (dayFormats.size > 1000) dayFormats.clear();
    dayFormats.set(timezone, format);
  }
  return format;
}

/** `YYYY-MM-DD` of `epochMs` in `timezone` (UTC when the zone is unknown). */
export function dayIn(timezone: string, epochMs: number): string {
  const format = timezone === 'UTC' ? null : dayFormat(timezone);
  if (!format) return new Date(epochMs).toISOString().slice(0, 10);
  const parts = Object.fromEntries(format.formatToParts(epochMs).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The day `days` after `day` (negative: before), calendar arithmetic in UTC. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length <= maxStatsDays; day = addDays(day, 1))
    days.push(day);
  return days;
}
