/**
 * Broadcast jobs (server/src/broadcasts/): a broadcast is stored before anything is sent — the
 * job, and one row per customer with their number and parameters — so any process sharing the
 * database can carry it on after a restart. A customer's row turns `sent` in the same
 * transaction that commits their message (the commit log's `alsoCommit`), so however often a
 * job is resumed, a customer is sent it once. One process at a time runs a job: it holds a lease
 * (`runner`, `leaseUntil`) it renews while sending; a lease left to expire is taken over.
 * `(businessId, key)` is unique: a broadcast sent with a key starts one job however often asked.
 */
import { index, integer, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { millis } from './columns.ts';

export const broadcasts = pgTable(
  'broadcasts',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    key: text('key'),
    /** A fingerprint of the request: the same key with another request is a conflict. */
    requestHash: text('request_hash').notNull(),
    template: text('template').notNull(),
    version: integer('version').notNull(),
    language: text('language'),
    /** preparing (its recipients being stored: broadcast-create.ts) | running | done | cancelled */
    status: text('status').notNull(),
    total: integer('total').notNull(),
    runner: text('runner'),
    leaseUntil: millis('lease_until'),
    createdAt: millis('created_at').notNull(),
    finishedAt: millis('finished_at'),
  },
  (t) => [unique('broadcasts_business_key').on(t.businessId, t.key), index().on(t.status)],
);

export const broadcastRecipients = pgTable(
  'broadcast_recipients',
  {
    broadcastId: text('broadcast_id').notNull(),
    /** The sending order, 1…total: the results' cursor. */
    seq: integer('seq').notNull(),
    personId: text('person_id').notNull(),
    phone: text('phone').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    /** pending | sent | refused | cancelled */
    status: text('status').notNull(),
    conversation: text('conversation'),
    messageId: text('message_id'),
    reason: text('reason'),
    at: millis('at'),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.seq] }),
    unique('broadcast_recipients_person').on(t.broadcastId, t.personId),
    index().on(t.broadcastId, t.status, t.seq),
  ],
);
