/**
 * Caps against SMS pumping (fraudsters requesting codes to premium numbers they are paid for):
 * at most so many sign-in SMS per hour across the server, and per country calling code, counted
 * in `sms_sends` so every process shares the counts. Claimed inside the code request's
 * transaction under one advisory lock, so parallel requests cannot all pass the count.
 */
import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import { callingCode, randomId } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { smsSends } from '../db/schema.ts';

export interface SmsCaps {
  /** SMS per hour across the server. */
  perHour: number;
  /** SMS per hour to one country calling code, unless `countries` names it. */
  perCountryPerHour: number;
  /** Per-country overrides by calling code without `+` (`{ '34': 500, '882': 0 }`). */
  countries: Readonly<Record<string, number>>;
}

export const smsCapDefaults: SmsCaps = { perHour: 300, perCountryPerHour: 100, countries: {} };

const hourMs = 60 * 60 * 1000;

/** Records one SMS to `phone` and returns true, or returns false when a cap is reached. */
export async function claimSmsSlot(tx: Db, phone: string, now: number, caps: SmsCaps) {
  const country = callingCode(phone) ?? 'unknown';
  const since = now - hourMs;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('sms-caps'))`);
  // Rows older than the window never count again.
  await tx.delete(smsSends).where(lt(smsSends.createdAt, since));
  const [all] = await tx.select({ n: count() }).from(smsSends).where(gt(smsSends.createdAt, since));
  const [inCountry] = await tx
    .select({ n: count() })
    .from(smsSends)
    .where(and(eq(smsSends.country, country), gt(smsSends.createdAt, since)));
  const countryCap = caps.countries[country] ?? caps.perCountryPerHour;
  if ((all?.n ?? 0) >= caps.perHour || (inCountry?.n ?? 0) >= countryCap) return false;
  await tx.insert(smsSends).values({ id: randomId(), country, createdAt: now });
  return true;
}
