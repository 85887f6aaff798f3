/**
 * The business platform: the terms and their acceptance, registered businesses and their names,
 * requests the console reviews, moderation, uploaded media and people's reports.
 */
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bytea, millis, reviewedRequestColumns } from './columns.ts';

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
    ...reviewedRequestColumns(),
    name: text('name').notNull(),
    reason: text('reason').notNull(),
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
    ...reviewedRequestColumns(),
    evidence: text('evidence').notNull(),
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

/**
 * Uploaded images, already resized and stripped. `public`: profile photos and template images,
 * named by their content hash. `chat`: a chat's photos, named by a random id and readable only by
 * the members of the conversations in `media_chats`. `legacy`: stored before media was private,
 * until startup sorts it (server/src/media/legacy-media.ts).
 */
export const media = pgTable('media', {
  id: text('id').primaryKey(),
  owner: text('owner').notNull(),
  contentType: text('content_type').notNull(),
  data: bytea('data').notNull(),
  createdAt: millis('created_at').notNull(),
  scope: text('scope', { enum: ['public', 'chat', 'legacy'] })
    .notNull()
    .default('legacy'),
});

/** Which conversation (its id, not a document name) a chat upload belongs to. */
export const mediaChats = pgTable(
  'media_chats',
  {
    mediaId: text('media_id').notNull(),
    conversation: text('conversation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mediaId, t.conversation] })],
);

/** Chat files stored as uploaded (voice, audio, video, documents), on disk under their id. */
export const mediaFiles = pgTable('media_files', {
  id: text('id').primaryKey(),
  owner: text('owner').notNull(),
  /** Sniffed from the bytes, never the uploader's word. */
  contentType: text('content_type').notNull(),
  size: millis('size').notNull(),
  createdAt: millis('created_at').notNull(),
});

/** A finished resumable upload: what its uploader puts in the message (contract uploadResult). */
export const uploadsFinished = pgTable('uploads_finished', {
  id: text('id').primaryKey(),
  owner: text('owner').notNull(),
  result: jsonb('result').notNull(),
  finishedAt: millis('finished_at').notNull(),
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
