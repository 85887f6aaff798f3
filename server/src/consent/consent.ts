/** The consent rules' server side, built once per process and shared by HTTP and sync. */
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Hub } from '../sync/hub.ts';
import { ConsentFacts } from './consent-facts.ts';
import { LastMessages } from './last-messages.ts';
import {
  deliveryGate,
  deliveryJudge,
  type DeliveryGate,
  type DeliveryJudge,
} from './delivery-gate.ts';
import { keywordReplies } from './keyword-replies.ts';

export interface Consent {
  facts: ConsentFacts;
  /** Judges every update to a conversation that carries messages (sync path). */
  gate: DeliveryGate;
  /** The same rules for messages sent any other way (HTTP): call it before appending them. */
  judge: DeliveryJudge;
}

export function createConsent(
  db: Db,
  store: DocStore,
  hub: Hub,
  clock: Clock,
  logger: Logger,
): Consent {
  const facts = new ConsentFacts(db, store);
  const replies = keywordReplies(store, facts, clock, logger);
  const judge = deliveryJudge(facts, new LastMessages(hub), clock, replies);
  return { facts, gate: deliveryGate(judge), judge };
}
