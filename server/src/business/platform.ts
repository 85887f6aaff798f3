/** The business platform's services, built once per process and shared by HTTP and sync. */
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import { TermsService } from './terms-service.ts';
import { BusinessService } from './business-service.ts';
import { businessGate, type BusinessGate } from './business-gate.ts';

export interface Platform {
  terms: TermsService;
  businesses: BusinessService;
  gate: BusinessGate;
}

export function createPlatform(db: Db, store: DocStore, clock: Clock): Platform {
  const terms = new TermsService(db, clock);
  const businesses = new BusinessService(db, store, clock);
  return { terms, businesses, gate: businessGate(terms, businesses) };
}
