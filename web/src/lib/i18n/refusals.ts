/**
 * What the apps say for each refusal, from its reason code (sync/src/contract/codes.ts), never
 * from the server's English sentence. The sentences are the messages `refusal.<code>` in
 * web/messages/*.json; the type below does not compile until every code has one. `{name}` is
 * filled from the details (a missing one reads as "…").
 */
import type { ReasonCode } from '@souk/sync';
import { hasPart, loadPart, message, type Locale, type MessageKey } from './catalogues.ts';

type RefusalKey = `refusal.${ReasonCode}`;
/** Fails to compile when a reason code has no message. */
const refusalKey = (code: ReasonCode): MessageKey => `refusal.${code}` satisfies RefusalKey;

/**
 * The sentence for a refusal in `locale`, details filled in (a missing one reads as "…"). The
 * sentences are a part of the messages of their own (about 3 KB of gzip), loaded once the first
 * screen is drawn (AppShell); asked for before that, they load now and the generic sentence
 * stands in until they arrive (a template showing it re-renders then).
 */
export function refusalText(
  locale: Locale,
  code: ReasonCode,
  details: Record<string, unknown> = {},
): string {
  if (!hasPart('refusal', locale)) {
    void loadPart('refusal', locale).catch(() => {}); // offline: asked again next time
    return message(locale, 'error.generic');
  }
  return message(locale, refusalKey(code), details, () => '…');
}
