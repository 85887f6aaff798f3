/** The forward limit on PGlite (the same suite runs on PostgreSQL: forward-limit.pg.test.ts). */
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../db/open.ts';
import { forwardLimitSuite } from './forward-limit-suite.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
});
afterAll(() => database.close());

forwardLimitSuite(() => database.db);
