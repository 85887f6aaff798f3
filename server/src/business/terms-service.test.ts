/** Terms versions and acceptances on an in-memory PGlite, with a clock the test moves. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/open.ts';
import { TermsService } from './terms-service.ts';

let database: Database;
let now = 1_000;
const clock = { now: () => now };
let terms: TermsService;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  terms = new TermsService(database.db, clock);
});
afterAll(async () => database.close());

describe('TermsService', () => {
  it('numbers versions per document and serves the newest', async () => {
    expect(await terms.current()).toEqual({ tos: null, privacy: null });
    expect(await terms.hasAcceptedCurrent('b_1')).toBe(false);
    const published = await Promise.all([
      terms.publish('tos', 'one', 'op'),
      terms.publish('tos', 'two', 'op'),
      terms.publish('privacy', 'p', 'op'),
    ]);
    expect(published.map((p) => p.version).sort()).toEqual([1, 1, 2]);
    const current = await terms.current();
    expect(current.tos?.version).toBe(2);
    expect(current.privacy).toEqual({ kind: 'privacy', version: 1, text: 'p', publishedAt: 1_000 });
  });

  it('accepts only the current versions, and a new version needs accepting again', async () => {
    await expect(terms.accept('b_1', { tos: 1, privacy: 1 })).rejects.toMatchObject({
      kind: 'conflict',
      details: { kind: 'tos', current: 2 },
    });
    await terms.accept('b_1', { tos: 2, privacy: 1 });
    await terms.accept('b_1', { tos: 2, privacy: 1 }); // twice is harmless
    expect(await terms.hasAcceptedCurrent('b_1')).toBe(true);
    expect(await terms.hasAcceptedCurrent('b_2')).toBe(false);
    now = 2_000;
    await terms.publish('privacy', 'p2', 'op');
    expect(await terms.hasAcceptedCurrent('b_1')).toBe(false);
    await terms.accept('b_1', { tos: 2, privacy: 2 });
    expect(await terms.hasAcceptedCurrent('b_1')).toBe(true);
  });
});
