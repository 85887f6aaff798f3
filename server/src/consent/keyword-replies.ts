/**
 * STOP / START to a business (sync/src/policy/keywords.ts): once the person's message is stored,
 * the server records the choice in the person's preferences document (`optIn:<businessId>`), on
 * the person's behalf, then the platform's confirmation goes into the conversation, in the
 * keyword's language. Both are Yjs updates built with the devices' helpers and submitted like any
 * other (submit/submit.ts): the validator checks the preference as the person's own write and the
 * confirmation as the platform's system message. The message is stored first: a crash in between
 * leaves the keyword unapplied, never a confirmation of a choice that was not recorded.
 */
import {
  appendSystem,
  docName,
  keywordConfirmation,
  platformActor,
  setOptIn,
  type SystemEvent,
} from '@souk/sync';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { ConsentFacts } from './consent-facts.ts';
import type { KeywordReply } from './delivery-gate.ts';
import type { ServerWrite } from '../submit/submit.ts';

export function keywordReplies(
  write: ServerWrite,
  facts: ConsentFacts,
  clock: Clock,
  logger: Logger,
): (reply: KeywordReply) => Promise<void> {
  return async ({ doc, personId, businessId, match }) => {
    try {
      const optedIn = match.action === 'opt_in';
      const person = { id: personId, kind: 'person' } as const;
      await write(docName('prefs', personId), person, (prefs) =>
        setOptIn(prefs, businessId, optedIn),
      ).then(stored);
      const business = await facts.business(businessId);
      const event: SystemEvent = optedIn ? 'opted_in' : 'opted_out';
      const text = keywordConfirmation(match, business?.name ?? 'this business');
      await write(doc, platformActor, (conversation) =>
        appendSystem(conversation, event, text, clock.now()),
      ).then(stored);
      logger.info({ doc, businessId, action: match.action }, 'keyword applied');
    } catch (error) {
      logger.error({ err: error, doc, businessId }, 'keyword reply failed');
    }
  };
}

function stored({ result }: { result: { kind: string; reason?: string } }): void {
  if (result.kind === 'refused') throw new Error(`refused: ${result.reason}`);
}
