/**
 * The Business API (server/src/api/): keys a business creates in its app (only the SHA-256 of the
 * secret is kept; the key is shown once), a per-key request counter per minute for the rate limit,
 * and the messages sent through the API — the idempotency record and the status the API reports;
 * and the webhooks its events go to.
 */
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { millis } from './columns.ts';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the whole key. */
    hash: text('hash').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    createdAt: millis('created_at').notNull(),
    lastUsedAt: millis('last_used_at'),
    revokedAt: millis('revoked_at'),
  },
  (t) => [index('api_keys_business').on(t.businessId)],
);

export const apiKeyUsage = pgTable(
  'api_key_usage',
  {
    keyId: text('key_id').notNull(),
    /** The minute (epoch milliseconds / 60 000). */
    minute: millis('minute').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.minute] })],
);

export const apiMessages = pgTable(
  'api_messages',
  {
    /** The API's message id (the message's id in the conversation once sent). */
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    keyId: text('key_id').notNull(),
    /** The caller's Idempotency-Key ('' when none) and the fingerprint of its request. */
    idempotencyKey: text('idempotency_key').notNull().default(''),
    requestHash: text('request_hash').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'delivered', 'read'] }).notNull(),
    /** The conversation's head document and the message's number `n` there (by its author). */
    conv: text('conv'),
    n: integer('n'),
    to: text('to').notNull(),
    /** `template`, `text` or an everyday kind (sync/src/kinds/); a text column: no migration. */
    kind: text('kind', {
      enum: ['template', 'text', 'voice', 'audio', 'document', 'video', 'location', 'contact'],
    }).notNull(),
    template: text('template').notNull().default(''),
    createdAt: millis('created_at').notNull(),
    sentAt: millis('sent_at'),
    deliveredAt: millis('delivered_at'),
    readAt: millis('read_at'),
  },
  (t) => [
    uniqueIndex('api_messages_idempotency')
      .on(t.businessId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} <> ''`),
    index('api_messages_conv').on(t.conv, t.n),
  ],
);

/*
 * Webhooks (server/src/webhooks/): one endpoint per business (its secret signs every delivery)
 * and the durable delivery queue. An event is enqueued once per business and event key (several
 * processes see the same commit); a process claims due rows with FOR UPDATE SKIP LOCKED and a
 * lease (`next_attempt_at` moved forward), so a crash mid-delivery only delays a retry.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  businessId: text('business_id').primaryKey(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  createdAt: millis('created_at').notNull(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    eventKey: text('event_key').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: millis('next_attempt_at').notNull(),
    lastError: text('last_error'),
    lastStatus: integer('last_status'),
    createdAt: millis('created_at').notNull(),
    deliveredAt: millis('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event').on(t.businessId, t.eventKey),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_business').on(t.businessId, t.createdAt),
  ],
);
