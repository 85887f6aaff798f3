/**
 * What the apps say for each refusal, from its reason code (sync/src/contract/codes.ts), never
 * from the server's English sentence. The sentences are the messages `refusal.<code>` in
 * web/messages/*.json; the type below does not compile until every code has one. `{name}` is
 * filled from the details (a missing one reads as "…").
 */
import type { ReasonCode } from '@souk/sync';
import { message, type Locale, type MessageKey } from './catalogues.ts';

type RefusalKey = `refusal.${ReasonCode}`;
/** Fails to compile when a reason code has no message. */
const refusalKey = (code: ReasonCode): MessageKey => `refusal.${code}` satisfies RefusalKey;

/** The sentence for a refusal in `locale`, details filled in (a missing one reads as "…"). */
export function refusalText(
  locale: Locale,
  code: ReasonCode,
  details: Record<string, unknown> = {},
): string {
  return message(locale, refusalKey(code), details, () => '…');
}
