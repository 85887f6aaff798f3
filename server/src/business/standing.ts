/**
 * What a business is told about its standing with the platform, in the operator's own words:
 * why it is suspended (the reason written with the newest suspension) and where its newest
 * verification request stands. Read on demand; the tables are the record (business-service.ts).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Verification } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses, moderationLog, verificationRequests } from '../db/schema.ts';
import { toVerification } from './business-service.ts';

/** The reason the operator gave with the newest suspension ('' if none is recorded). */
export async function suspensionNote(db: Db, businessId: string): Promise<string> {
  const [row] = await db
    .select({ reason: moderationLog.reason })
    .from(moderationLog)
    .where(and(eq(moderationLog.businessId, businessId), eq(moderationLog.action, 'suspend')))
    .orderBy(desc(moderationLog.at))
    .limit(1);
  return row?.reason ?? '';
}

/** The business's newest verification request, pending or decided; null if it never asked. */
export async function latestVerification(db: Db, businessId: string): Promise<Verification | null> {
  const [row] = await db
    .select({ request: verificationRequests, businessName: businesses.name })
    .from(verificationRequests)
    .innerJoin(businesses, eq(businesses.id, verificationRequests.businessId))
    .where(eq(verificationRequests.businessId, businessId))
    .orderBy(desc(verificationRequests.createdAt))
    .limit(1);
  return row ? toVerification(row.request, row.businessName) : null;
}
