/** Column types shared by every table: raw bytes, and times as epoch milliseconds. */
import { bigint, customType, text } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

export const millis = (name: string) => bigint(name, { mode: 'number' });

/**
 * The columns of a request the console reviews (name change, handle change, verification): whose
 * it is, where it stands and the operator's decision. Each table adds what is asked for.
 */
export const reviewedRequestColumns = () => ({
  id: text('id').primaryKey(),
  businessId: text('business_id').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
  createdAt: millis('created_at').notNull(),
  decidedAt: millis('decided_at'),
  decidedBy: text('decided_by'),
  decisionReason: text('decision_reason'),
});
