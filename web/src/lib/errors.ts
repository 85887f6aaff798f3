/** The one funnel from an error to a sentence for the person using the app. */
import { isReasonCode, SoukError, type ReasonCode } from '@souk/sync';
import { OfflineError } from './api.ts';
import { i18n, t } from './i18n/index.svelte.ts';
import { refusalText } from './i18n/refusals.ts';

/** A refusal in the app's language, from its reason code (never the server's sentence). */
export function describeRefusal(code: ReasonCode, details: Record<string, unknown> = {}): string {
  return refusalText(i18n.locale, code, details);
}

/** A stored reason (statistics, broadcast results): translated when it is a code, else as is. */
export function describeReason(reason: string): string {
  return isReasonCode(reason) ? describeRefusal(reason) : reason.replaceAll('_', ' ');
}

export function describeError(error: unknown): string {
  if (error instanceof OfflineError) return t('error.network');
  if (error instanceof SoukError) {
    const code = error.reason;
    return code ? describeRefusal(code, error.details) : error.message;
  }
  return t('error.generic');
}
