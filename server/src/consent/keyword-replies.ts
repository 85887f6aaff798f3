/**
 * STOP / START to a business (sync/src/policy/keywords.ts): once the person's message is stored,
 * the server writes the choice into the person's preferences document (`optIn:<businessId>`),
 * then the platform's confirmation into the conversation, in the keyword's language. Both go
 * through the store's commit path, so they reach every device of both parties and every process.
 * The message is stored first: a crash in between leaves the keyword unapplied, never a
 * confirmation of a choice that was not recorded.
 */
import { appendSystem, docName, keywordConfirmation, setOptIn, type SystemEvent } from '@souk/sync';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { ConsentFacts } from './consent-facts.ts';
import type { KeywordReply } from './delivery-gate.ts';

export function keywordReplies(
  store: DocStore,
  facts: ConsentFacts,
  clock: Clock,
  logger: Logger,
): (reply: KeywordReply) => Promise<void> {
  return async ({ doc, personId, businessId, match }) => {
    try {
      const optedIn = match.action === 'opt_in';
      await store.writeAsServer(docName('prefs', personId), (prefs) =>
        setOptIn(prefs, businessId, optedIn),
      );
      const business = await facts.business(businessId);
      const event: SystemEvent = optedIn ? 'opted_in' : 'opted_out';
      const text = keywordConfirmation(match, business?.name ?? 'this business');
      await store.writeAsServer(doc, (conversation) =>
        appendSystem(conversation, event, text, clock.now()),
      );
      logger.info({ doc, businessId, action: match.action }, 'keyword applied');
    } catch (error) {
      logger.error({ err: error, doc, businessId }, 'keyword reply failed');
    }
  };
}
