/**
 * What a business must satisfy before it may act, over HTTP and over the sync socket alike:
 * the current Terms of Service and Privacy Policy accepted, and not suspended by the platform.
 * Returns null to let it through, or the reason code to refuse with (kind `forbidden`);
 * `requireBusinessGate` throws that refusal the way every business route answers.
 */
import { refusalError, type ReasonCode } from '@souk/sync';
import type { TermsService } from './terms-service.ts';
import type { BusinessService } from './business-service.ts';

export type GateReason = Extract<ReasonCode, 'terms_not_accepted' | 'business_suspended'>;
export type BusinessGate = (businessId: string) => Promise<GateReason | null>;

export function businessGate(terms: TermsService, businesses: BusinessService): BusinessGate {
  return async (businessId) => {
    if (!(await terms.hasAcceptedCurrent(businessId))) return 'terms_not_accepted';
    if (await businesses.isSuspended(businessId)) return 'business_suspended';
    return null;
  };
}

/** Passes, or throws 403 `forbidden` with the gate's reason code as `details.reason`. */
export async function requireBusinessGate(gate: BusinessGate, businessId: string): Promise<void> {
  const refusal = await gate(businessId);
  if (refusal) throw refusalError('forbidden', { code: refusal });
}
