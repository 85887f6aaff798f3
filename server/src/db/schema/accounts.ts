/**
 * People's and businesses' identities, sign-in codes and their rate limit, the SMS caps' counts,
 * sessions, the platform's operators, and people's reports of people.
 */
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { millis } from './columns.ts';

export const identities = pgTable(
  'identities',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['person', 'business'] }).notNull(),
    phone: text('phone').notNull(),
    createdAt: millis('created_at').notNull(),
    /** A person's display name (their `person:<id>` profile's, checked), for businesses' searches. */
    displayName: text('display_name'),
  },
  (t) => [uniqueIndex('identities_kind_phone').on(t.kind, t.phone)],
);

export const otpCodes = pgTable(
  'otp_codes',
  {
    id: text('id').primaryKey(),
    phone: text('phone').notNull(),
    app: text('app').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: millis('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: millis('used_at'),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [index('otp_codes_phone').on(t.phone, t.app, t.createdAt)],
);

export const otpRequests = pgTable(
  'otp_requests',
  {
    id: text('id').primaryKey(),
    phone: text('phone').notNull(),
    ip: text('ip').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [
    index('otp_requests_phone').on(t.phone, t.createdAt),
    index('otp_requests_ip').on(t.ip, t.createdAt),
  ],
);

/**
 * Every sign-in SMS handed to a paid sender, for the server-wide caps against SMS pumping (per
 * hour, per country calling code): counted here so every process shares them.
 */
export const smsSends = pgTable(
  'sms_sends',
  {
    id: text('id').primaryKey(),
    country: text('country').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [
    index('sms_sends_created').on(t.createdAt),
    index('sms_sends_country').on(t.country, t.createdAt),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    identityId: text('identity_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    app: text('app').notNull(),
    device: text('device').notNull(),
    createdAt: millis('created_at').notNull(),
    lastSeenAt: millis('last_seen_at').notNull(),
    revokedAt: millis('revoked_at'),
    /** Why it ended (a reason code: signed_out, signed_out_elsewhere), told to the device. */
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    uniqueIndex('sessions_token').on(t.tokenHash),
    index('sessions_identity').on(t.identityId),
  ],
);

/** Platform operators (console): person phone numbers, created by the CLI. */
export const operators = pgTable('operators', {
  phone: text('phone').primaryKey(),
  createdAt: millis('created_at').notNull(),
});

/**
 * Single-use tickets for the y-websocket door (/yjs/<doc>): a `WebsocketProvider` cannot send a
 * cookie or header, so a session or API key is exchanged for one of these over HTTPS first
 * (sync/yjs-tokens.ts). Only the SHA-256 of the token is kept; using it deletes the row.
 */
export const yjsTokens = pgTable(
  'yjs_tokens',
  {
    hash: text('hash').primaryKey(),
    doc: text('doc').notNull(),
    identityId: text('identity_id').notNull(),
    identityKind: text('identity_kind', { enum: ['person', 'business'] }).notNull(),
    /** The session it was exchanged for (closed with it), or the API key's. */
    sessionId: text('session_id'),
    keyId: text('key_id'),
    expiresAt: millis('expires_at').notNull(),
  },
  (t) => [index('yjs_tokens_expires').on(t.expiresAt)],
);

/** A person's report of another person (contract person-reports.ts), for the console. */
export const personReports = pgTable(
  'person_reports',
  {
    id: text('id').primaryKey(),
    personId: text('person_id').notNull(),
    reporter: text('reporter').notNull(),
    reason: text('reason').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [
    index('person_reports_reporter').on(t.reporter, t.createdAt),
    index('person_reports_created').on(t.createdAt),
  ],
);
