/** The submit path has no permissive defaults: without its gates it refuses to exist. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openDatabase, type Database } from '../db/open.ts';
import { DocStore } from '../sync/doc-store.ts';
import { LocalHub } from '../sync/hub.ts';
import { createConsent } from '../consent/consent.ts';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Submitter, type SubmitDeps } from './submit.ts';
import { openConversation } from './conversations.ts';
import { MediaMembership } from '../media/membership.ts';
import { ForwardLimit } from './forward-limit.ts';

const logger = pino({ level: 'silent' });
const clock = { now: () => 1_700_000_000_000 };
let database: Database;
let deps: SubmitDeps;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const hub = new LocalHub();
  const store = new DocStore(database, hub, clock, logger);
  const consent = createConsent(database.db, store, hub, clock);
  deps = {
    store,
    businessGate: async () => null,
    deliveryGate: consent.gate,
    facts: consent.facts,
    media: new MediaMembership(database.db),
    forwards: new ForwardLimit(database.db, clock),
    clock,
    logger,
    epochSize: 1000,
  };
});
afterAll(() => database.close());

describe('Submitter', () => {
  it('is built with both gates', () => {
    expect(new Submitter(deps)).toBeInstanceOf(Submitter);
  });

  it.each(['businessGate', 'deliveryGate'] as const)('refuses to start without the %s', (gate) => {
    const wired = { ...deps, [gate]: undefined } as unknown as SubmitDeps;
    expect(() => new Submitter(wired)).toThrow('the submit path needs the business gate');
  });

  it('writes with a different client id in every document, so none can be claimed ahead', async () => {
    const submitter = new Submitter(deps);
    const start = (a: string, b: string) =>
      openConversation(
        { db: database.db, write: submitter.write, clock },
        'private',
        { id: a, kind: 'person' },
        { id: b, kind: 'person' },
        async () => {},
      );
    const writers = async (doc: string) => {
      const vector = decoding.createDecoder(Y.encodeStateVector(await deps.store.copy(doc)));
      const clients: number[] = [];
      for (let n = decoding.readVarUint(vector); n > 0; n--) {
        clients.push(decoding.readVarUint(vector));
        decoding.readVarUint(vector);
      }
      return clients;
    };
    const first = await writers(await start('p_a', 'p_b'));
    const second = await writers(await start('p_a', 'p_c'));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]).not.toBe(second[0]);
  });
});
