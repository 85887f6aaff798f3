/**
 * Broadcast idempotency (server/src/templates/broadcast-keys.ts): a broadcast sent with a key
 * first claims (business, key) here, in one insert; a second request with the same key finds the
 * claim and gets the stored answer (or `in_progress` while the first is still sending), so a
 * double click or a retried request sends once, across every process sharing the database.
 */
import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { millis } from './columns.ts';

export const broadcastKeys = pgTable(
  'broadcast_keys',
  {
    businessId: text('business_id').notNull(),
    key: text('key').notNull(),
    /** A fingerprint of the request: the same key with another request is a conflict. */
    requestHash: text('request_hash').notNull(),
    /** The answer, once the broadcast finished; null while it is being sent. */
    result: jsonb('result'),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.key] })],
);
