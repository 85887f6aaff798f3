/**
 * Documents are stored as appended Yjs updates (`doc_updates`) with a global sequence number that
 * doubles as the catch-up cursor, plus snapshots that compaction writes; who may open a document,
 * which identity owns a Yjs client id, and the cursors of the one log follower.
 */
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, millis } from './columns.ts';

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
    /** Bound by a server-built write (one id per process): outside the identity's allowance. */
    byServer: boolean('by_server').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.doc, t.clientId] })],
);

/** One row: the last allocated update sequence number. Taken under a row lock per commit. */
export const seqCounter = pgTable('seq_counter', {
  id: integer('id').primaryKey(),
  value: millis('value').notNull(),
});

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

/**
 * The message ids each epoch a conversation has left names (sync/src/docs/named-messages.ts), so
 * that a write loads only the epochs that name what it names (sync/epoch-index.ts). `head`: the
 * conversation's head document; `key` '' marks an epoch indexed whole. Rows are only added.
 */
export const epochNames = pgTable(
  'epoch_names',
  {
    head: text('head').notNull(),
    key: text('key').notNull(),
    epoch: integer('epoch').notNull(),
  },
  (t) => [primaryKey({ columns: [t.head, t.key, t.epoch] })],
);
