/**
 * Statistics (server/src/stats/): facts derived once from committed updates, and the daily
 * aggregates the dashboards read. Their cursor is the `stats` row of `log_cursors`, moved in the
 * same transaction as the counts, so nothing is counted twice or missed, whichever process does
 * the counting and however often it restarts.
 */
import { boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { millis } from './columns.ts';

/** One row per message of a business conversation: who sent it, its day, template, receipts. */
export const statsMessages = pgTable(
  'stats_messages',
  {
    conv: text('conv').notNull(),
    id: text('id').notNull(),
    businessId: text('business_id').notNull(),
    /** true: the business sent it; false: the customer did. */
    outgoing: boolean('outgoing').notNull(),
    n: integer('n').notNull(),
    day: text('day').notNull(),
    template: text('template').notNull().default(''),
    version: integer('version').notNull().default(0),
    broadcast: text('broadcast').notNull().default(''),
    delivered: boolean('delivered').notNull().default(false),
    read: boolean('read').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.conv, t.id] }),
    index('stats_messages_conv_n').on(t.conv, t.outgoing, t.n),
  ],
);

/** The receipt watermarks already counted, per conversation and reader. */
export const statsReceipts = pgTable(
  'stats_receipts',
  {
    conv: text('conv').notNull(),
    reader: text('reader').notNull(),
    d: integer('d').notNull(),
    r: integer('r').notNull(),
  },
  (t) => [primaryKey({ columns: [t.conv, t.reader] })],
);

/** Each person's last counted opt-in state for each business. */
export const statsOptIns = pgTable(
  'stats_opt_ins',
  {
    personId: text('person_id').notNull(),
    businessId: text('business_id').notNull(),
    optedIn: boolean('opted_in').notNull(),
    /** The update (sequence number) that state comes from: older ones never count again. */
    seq: millis('seq').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.personId, t.businessId] })],
);

/** Per business, day (its timezone), template + version ('' / 0: free-form) and broadcast. */
export const statsDaily = pgTable(
  'stats_daily',
  {
    businessId: text('business_id').notNull(),
    day: text('day').notNull(),
    template: text('template').notNull().default(''),
    version: integer('version').notNull().default(0),
    broadcast: text('broadcast').notNull().default(''),
    sent: integer('sent').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    read: integer('read').notNull().default(0),
    received: integer('received').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.day, t.template, t.version, t.broadcast] })],
);

/** Per business, day and message kind (text, template, image, voice, location…): sent and received. */
export const statsKinds = pgTable(
  'stats_kinds',
  {
    businessId: text('business_id').notNull(),
    day: text('day').notNull(),
    kind: text('kind').notNull(),
    sent: integer('sent').notNull().default(0),
    received: integer('received').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.day, t.kind] })],
);

/** Per business and day: opt-ins, opt-outs and refused sends (`reason` set for refusals). */
export const statsEvents = pgTable(
  'stats_events',
  {
    businessId: text('business_id').notNull(),
    day: text('day').notNull(),
    kind: text('kind', { enum: ['opt_in', 'opt_out', 'refused'] }).notNull(),
    reason: text('reason').notNull().default(''),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.day, t.kind, t.reason] })],
);

/** Platform-wide per UTC day: `messages` (every conversation) and `refused` by reason. */
export const statsPlatform = pgTable(
  'stats_platform',
  {
    day: text('day').notNull(),
    metric: text('metric', { enum: ['messages', 'refused'] }).notNull(),
    reason: text('reason').notNull().default(''),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.metric, t.reason] })],
);
