/** Preference copies with PGlite: one process, its store and bus (preference-copies-suite.ts). */
import { afterAll, beforeAll, describe } from 'vitest';
import { pino } from 'pino';
import { openDatabase, type Database } from '../db/open.ts';
import { DocStore } from '../sync/doc-store.ts';
import { LocalHub } from '../sync/hub.ts';
import { alice } from '../sync/doc-store-fixtures.ts';
import { ConsentFacts } from './consent-facts.ts';
import { preferenceCopiesSuite, type Setup } from './preference-copies-suite.ts';

let database: Database;
let setup: Setup;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const hub = new LocalHub();
  const store = new DocStore(database, hub, { now: () => 1 }, pino({ level: 'silent' }));
  setup = { writer: store, facts: new ConsentFacts(database.db, store, hub) };
});
afterAll(() => database.close());

describe('preference copies on PGlite', () => {
  preferenceCopiesSuite(() => setup, alice);
});
