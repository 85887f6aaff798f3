/** Rows of the business tables as the contract's records. */
import type { BusinessCategory, BusinessRecord, Verification } from '@souk/sync';
import type { businesses, verificationRequests } from '../db/schema.ts';

export function toRecord(b: typeof businesses.$inferSelect, phone: string): BusinessRecord {
  return {
    id: b.id,
    phone,
    name: b.name,
    category: b.category as BusinessCategory,
    status: b.status,
    verified: b.verified,
    createdAt: b.createdAt,
  };
}

export function toVerification(
  r: typeof verificationRequests.$inferSelect,
  businessName: string,
): Verification {
  return {
    id: r.id,
    businessId: r.businessId,
    businessName,
    evidence: r.evidence,
    status: r.status,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
  };
}
