/**
 * The form's own verdict on a business name (`validateBusinessName`) in the person's language,
 * through the contract's translations of the same reason codes the server refuses with.
 */
import { businessNameLimits, type BusinessNameResult } from '@souk/sync';
import { describeRefusal } from '$lib/errors.ts';

type Refused = Extract<BusinessNameResult, { ok: false }>;

export function describeNameRefusal(refused: Refused): string {
  return describeRefusal(refused.code, {
    min: businessNameLimits.minGraphemes,
    max: businessNameLimits.maxGraphemes,
    char: refused.char ?? '',
  });
}
