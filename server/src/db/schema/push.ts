/**
 * Web Push (server/src/push/): the VAPID key pair, made once at first start and shared by every
 * process; the browsers' subscriptions, one per session and push endpoint (a browser has one
 * endpoint for the whole origin, so its personal and business sessions may share it); and one
 * claim per pushed message, so with several processes seeing the same commit only one sends.
 */
import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { millis } from './columns.ts';

export const pushKeys = pgTable('push_keys', {
  id: integer('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: millis('created_at').notNull(),
});

export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    sessionId: text('session_id').notNull(),
    endpoint: text('endpoint').notNull(),
    identityId: text('identity_id').notNull(),
    app: text('app', { enum: ['personal', 'business'] }).notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.endpoint] }),
    index('push_subscriptions_identity').on(t.identityId),
    index('push_subscriptions_endpoint').on(t.endpoint),
  ],
);

export const pushClaims = pgTable(
  'push_claims',
  {
    /** `<conversation document>/<message id>`. */
    message: text('message').primaryKey(),
    at: millis('at').notNull(),
  },
  (t) => [index('push_claims_at').on(t.at)],
);
