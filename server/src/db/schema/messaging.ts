/**
 * What the server keeps about business messaging outside the documents: published templates and
 * the greeting/away messages it sent on a business's behalf.
 */
import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { millis } from './columns.ts';

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

/**
 * Forwards claimed (submit/forward-limit.ts): one row per identity, forwarded content and chat,
 * so the server can count into how many chats one message was forwarded lately (at most 5).
 */
export const forwardClaims = pgTable(
  'forward_claims',
  {
    actor: text('actor').notNull(),
    /** A hash of the forwarded content (its media ids left out: each chat gets its own upload). */
    content: text('content').notNull(),
    conv: text('conv').notNull(),
    at: millis('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.content, t.conv] })],
);

/**
 * When the server first stored each receipt watermark a reader wrote (`receipts[reader]` of a
 * conversation's head, `{d, r}`), by the server's clock, in the commit that stores it: a message
 * `n` was delivered to the reader at the earliest row with `d >= n`, read at the earliest with
 * `r >= n` (its author's "Info", server/src/http/message-info-routes.ts).
 */
export const receiptTimes = pgTable(
  'receipt_times',
  {
    conv: text('conv').notNull(),
    reader: text('reader').notNull(),
    d: integer('d').notNull(),
    r: integer('r').notNull(),
    at: millis('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.conv, t.reader, t.d, t.r] })],
);
