/**
 * The one drizzle schema, for PGlite and PostgreSQL alike. Documents are stored as appended Yjs
 * updates (`doc_updates`) with a global sequence number that doubles as the catch-up cursor,
 * plus snapshots that compaction writes.
 */
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

const millis = (name: string) => bigint(name, { mode: 'number' });

export const identities = pgTable(
  'identities',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['person', 'business'] }).notNull(),
    phone: text('phone').notNull(),
    createdAt: millis('created_at').notNull(),
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
  },
  (t) => [
    uniqueIndex('sessions_token').on(t.tokenHash),
    index('sessions_identity').on(t.identityId),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['private', 'business'] }).notNull(),
    /** For private chats: the two identity ids sorted and joined, so a pair has one chat. */
    pairKey: text('pair_key'),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [uniqueIndex('conversations_pair').on(t.pairKey)],
);

export const docMembers = pgTable(
  'doc_members',
  {
    doc: text('doc').notNull(),
    identityId: text('identity_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.doc, t.identityId] }),
    index('doc_members_identity').on(t.identityId),
  ],
);

export const docUpdates = pgTable(
  'doc_updates',
  {
    seq: millis('seq').primaryKey(),
    doc: text('doc').notNull(),
    data: bytea('data').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [index('doc_updates_doc_seq').on(t.doc, t.seq)],
);

export const docSnapshots = pgTable('doc_snapshots', {
  doc: text('doc').primaryKey(),
  uptoSeq: millis('upto_seq').notNull(),
  data: bytea('data').notNull(),
});

/** Which identity first wrote with a Yjs client id in a document (client ids are not trusted). */
export const docClients = pgTable(
  'doc_clients',
  {
    doc: text('doc').notNull(),
    clientId: millis('client_id').notNull(),
    identityId: text('identity_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.doc, t.clientId] })],
);

/** One row: the last allocated update sequence number. Taken under a row lock per commit. */
export const seqCounter = pgTable('seq_counter', {
  id: integer('id').primaryKey(),
  value: millis('value').notNull(),
});

/** Platform operators (console): person phone numbers, created by the CLI. */
export const operators = pgTable('operators', {
  phone: text('phone').primaryKey(),
  createdAt: millis('created_at').notNull(),
});

/** Published versions of the Terms of Service (`tos`) and Privacy Policy (`privacy`). */
export const legalVersions = pgTable(
  'legal_versions',
  {
    kind: text('kind', { enum: ['tos', 'privacy'] }).notNull(),
    version: integer('version').notNull(),
    text: text('text').notNull(),
    publishedAt: millis('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.version] })],
);

/** Which business accepted which version of which document, and when. */
export const legalAcceptances = pgTable(
  'legal_acceptances',
  {
    businessId: text('business_id').notNull(),
    kind: text('kind', { enum: ['tos', 'privacy'] }).notNull(),
    version: integer('version').notNull(),
    acceptedAt: millis('accepted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.kind, t.version] })],
);

/** A registered business (id = its identity id); the profile document mirrors name and ✅. */
export const businesses = pgTable(
  'businesses',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    status: text('status', { enum: ['active', 'suspended'] }).notNull(),
    verified: boolean('verified').notNull().default(false),
    createdAt: millis('created_at').notNull(),
    /** The `nameKeysVersion` the name's rows in `business_name_keys` were made with (null: none yet). */
    nameKeysVersion: integer('name_keys_version'),
  },
  (t) => [index('businesses_name').on(t.name)],
);

/**
 * The comparison keys of each business's current name (`nameKeys` in sync): `strict` keys are
 * compared with every business's, `protected` keys with verified businesses'. Not unique: names
 * that collided before the rule existed are kept (and flagged for review).
 */
export const businessNameKeys = pgTable(
  'business_name_keys',
  {
    businessId: text('business_id').notNull(),
    kind: text('kind', { enum: ['strict', 'protected'] }).notNull(),
    key: text('key').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.businessId, t.kind, t.key] }),
    index('business_name_keys_key').on(t.kind, t.key),
  ],
);

/** Every name a business has had, from when. */
export const businessNames = pgTable(
  'business_names',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    name: text('name').notNull(),
    since: millis('since').notNull(),
  },
  (t) => [index('business_names_business').on(t.businessId, t.since)],
);

export const nameChangeRequests = pgTable(
  'name_change_requests',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    name: text('name').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    createdAt: millis('created_at').notNull(),
    decidedAt: millis('decided_at'),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    index('name_change_requests_status').on(t.status, t.createdAt),
    uniqueIndex('name_change_requests_one_pending')
      .on(t.businessId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

export const verificationRequests = pgTable(
  'verification_requests',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    evidence: text('evidence').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    createdAt: millis('created_at').notNull(),
    decidedAt: millis('decided_at'),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    index('verification_requests_status').on(t.status, t.createdAt),
    uniqueIndex('verification_requests_one_pending')
      .on(t.businessId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** What operators did to a business outside requests (revoke ✅, suspend, restore), with why. */
export const moderationLog = pgTable(
  'moderation_log',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    action: text('action').notNull(),
    reason: text('reason').notNull(),
    operator: text('operator').notNull(),
    at: millis('at').notNull(),
  },
  (t) => [index('moderation_log_business').on(t.businessId, t.at)],
);

/** Uploaded images (business photos), already resized and stripped; named by their content hash. */
export const media = pgTable('media', {
  id: text('id').primaryKey(),
  owner: text('owner').notNull(),
  contentType: text('content_type').notNull(),
  data: bytea('data').notNull(),
  createdAt: millis('created_at').notNull(),
});

/** A person's report of a business, for the platform's review. */
export const reports = pgTable(
  'reports',
  {
    id: text('id').primaryKey(),
    businessId: text('business_id').notNull(),
    reporter: text('reporter').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    createdAt: millis('created_at').notNull(),
    closedAt: millis('closed_at'),
    closedBy: text('closed_by'),
    resolution: text('resolution'),
    /** Reports the platform files itself carry a reason code (e.g. `name_impersonates_verified`). */
    code: text('code'),
    /** The other business the reason concerns (the name looked like), if any. */
    relatedBusinessId: text('related_business_id'),
  },
  (t) => [index('reports_status').on(t.status, t.createdAt)],
);

/** Published message templates: immutable rows, one per version (editing publishes the next). */
export const templates = pgTable(
  'templates',
  {
    businessId: text('business_id').notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    category: text('category').notNull(),
    /** The whole template (sync's templateSchema), as published. */
    body: jsonb('body').notNull(),
    publishedAt: millis('published_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.name, t.version] })],
);

/*
 * Statistics (server/src/stats/): facts derived once from committed updates, and the daily
 * aggregates the dashboards read. Their cursor is the `stats` row of `log_cursors`, moved in the
 * same transaction as the counts, so nothing is counted twice or missed, whichever process does
 * the counting and however often it restarts.
 */

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

/**
 * Greeting and away messages the server sent on a business's behalf: one row per conversation
 * and kind, claimed (insert, or move `sent_at` forward once the away interval has passed) before
 * the message is written, so several processes seeing the same customer message send it once.
 */
export const inboxAutoReplies = pgTable(
  'inbox_auto_replies',
  {
    conv: text('conv').notNull(),
    kind: text('kind', { enum: ['greeting', 'away'] }).notNull(),
    sentAt: millis('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.conv, t.kind] })],
);

/*
 * Web Push (server/src/push/): the VAPID key pair, made once at first start and shared by every
 * process; the browsers' subscriptions, one per session and push endpoint (a browser has one
 * endpoint for the whole origin, so its personal and business sessions may share it); and one
 * claim per pushed message, so with several processes seeing the same commit only one sends.
 */
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

/*
 * The Business API (server/src/api/): keys a business creates in its app (only the SHA-256 of the
 * secret is kept; the key is shown once), a per-key request counter per minute for the rate limit,
 * and the messages sent through the API — the idempotency record and the status the API reports.
 */
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
    kind: text('kind', { enum: ['template', 'text'] }).notNull(),
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

/*
 * The cursors of the one log follower (db/log-follower.ts), one row per consumer (`stats`,
 * `webhooks`): the last sequence number whose effects that consumer has stored. A cursor moves
 * only with or after those effects, so a crash repeats work (idempotent, or rolled back with the
 * cursor) and never skips any.
 */
export const logCursors = pgTable('log_cursors', {
  name: text('name').primaryKey(),
  seq: millis('seq').notNull(),
});
