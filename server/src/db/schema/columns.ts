/** Column types shared by every table: raw bytes, and times as epoch milliseconds. */
import { bigint, customType } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

export const millis = (name: string) => bigint(name, { mode: 'number' });
