/** The consent rules' server side, built once per process and shared by HTTP and sync. */
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
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

export interface Consent {
  facts: ConsentFacts;
  /** Judges every update to a conversation that carries messages (every path, see submit/). */
  gate: DeliveryGate;
  /** The rules on a list of messages (what the gate runs). */
  judge: DeliveryJudge;
}

export function createConsent(db: Db, store: DocStore, hub: Hub, clock: Clock): Consent {
  const facts = new ConsentFacts(db, store, hub);
  const judge = deliveryJudge(facts, new LastMessages(hub), clock);
  return { facts, gate: deliveryGate(judge), judge };
}
