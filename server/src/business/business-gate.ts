/**
 * What a business must satisfy before it may act, over HTTP and over the sync socket alike:
 * the current Terms of Service and Privacy Policy accepted, and not suspended by the platform.
 * Returns null to let it through, or the sentence to refuse with (kind `forbidden`);
 * `requireBusinessGate` throws that refusal the way every business route answers.
 */
import { SoukError, termsRequiredMessage } from '@souk/sync';
import type { TermsService } from './terms-service.ts';
import type { BusinessService } from './business-service.ts';

export type BusinessGate = (businessId: string) => Promise<string | null>;

export const suspendedMessage =
  'This business is suspended by the platform and cannot send or change anything.';

export function businessGate(terms: TermsService, businesses: BusinessService): BusinessGate {
  return async (businessId) => {
    if (!(await terms.hasAcceptedCurrent(businessId))) return termsRequiredMessage;
    if (await businesses.isSuspended(businessId)) return suspendedMessage;
    return null;
  };
}

/** Passes, or throws 403 `forbidden` with the gate's sentence and its reason (`terms`, `suspended`). */
export async function requireBusinessGate(gate: BusinessGate, businessId: string): Promise<void> {
  const refusal = await gate(businessId);
  if (refusal)
    throw new SoukError('forbidden', refusal, {
      reason: refusal === termsRequiredMessage ? 'terms' : 'suspended',
    });
}
