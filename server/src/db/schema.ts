/**
 * The one drizzle schema, for PGlite and PostgreSQL alike, one file per area under schema/; this
 * file re-exports every table, so queries import from here and drizzle-kit (drizzle.config.ts)
 * reads the whole schema from one entry.
 */
export * from './schema/accounts.ts';
export * from './schema/documents.ts';
export * from './schema/business.ts';
export * from './schema/messaging.ts';
export * from './schema/stats.ts';
export * from './schema/push.ts';
export * from './schema/business-api.ts';
export * from './schema/broadcasts.ts';
export * from './schema/links.ts';
