/**
 * The bounds every update keeps (bounds.ts), against updates built byte by byte as an attacker
 * would: empty structs, runs with nothing to judge, delete sets too long or overlapping, and
 * more Yjs client ids than an update or an identity may bring.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, initConversation } from '../docs/conversation.ts';
import { randomId } from '../ids.ts';
import type { Actor } from '../identity.ts';
import { limits } from '../limits.ts';
import { emptyItems, forgedUpdate, gcRuns, valueItem } from '../client/testing/forged-updates.ts';
import { validateUpdate, type ValidateOptions } from './validate-update.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const bob: Actor = { id: 'u_bob', kind: 'person' };
const now = 1_700_000_000_000;

function conversation(): Y.Doc {
  const doc = new Y.Doc();
  initConversation(doc, 'private', [
    { id: alice.id, kind: 'person' },
    { id: bob.id, kind: 'person' },
  ]);
  return doc;
}

const options = (owners: Map<number, string>, extra: Partial<ValidateOptions> = {}) => ({
  name: { kind: 'conv', id: 'c1', epoch: 0 } as const,
  actor: alice,
  now,
  ownerOf: (client: number) => owners.get(client),
  boundClients: (identity: string) => [...owners.values()].filter((o) => o === identity).length,
  ...extra,
});

const message = (text: string) => ({
  id: randomId(),
  author: alice.id,
  n: 1,
  at: now,
  kind: 'text',
  text,
});

describe('update bounds', () => {
  it('refuses 20,000 empty structs, and a single one', () => {
    const doc = conversation();
    const many = forgedUpdate([
      valueItem(5, 0, 'messages', message('hi')),
      ...emptyItems(5, 1, 20_000, 'messages'),
    ]);
    expect(validateUpdate(doc, many, options(new Map()))).toEqual({
      ok: false,
      reason: 'too_many_structs',
      details: { max: limits.maxStructsPerUpdate },
    });
    const one = forgedUpdate([
      valueItem(5, 0, 'messages', message('hi')),
      ...emptyItems(5, 1, 1, 'messages'),
    ]);
    expect(validateUpdate(doc, one, options(new Map()))).toEqual({
      ok: false,
      reason: 'malformed_update',
    });
  });

  it('refuses more structs than allowed even when none holds a value', () => {
    const doc = conversation();
    const runs = forgedUpdate(gcRuns(5, 0, limits.maxStructsPerUpdate + 1));
    expect(validateUpdate(doc, runs, options(new Map()))).toMatchObject({
      ok: false,
      reason: 'too_many_structs',
    });
  });

  it('refuses a delete set with too many ranges, or overlapping or empty ones', () => {
    const doc = conversation();
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
    device.clientID = 5;
    appendText(device, alice.id, 'hola', now);
    const owners = new Map([[5, alice.id]]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(device));
    const many = Array.from({ length: limits.maxDeleteRangesPerUpdate + 1 }, (_, i) => ({
      client: 5,
      clock: 2 * i,
      len: 1,
    }));
    // Spread over as many client ids as ranges, so no client has too many.
    const spread = many.map((r, i) => ({ ...r, client: 100 + i, clock: 0 }));
    for (const ranges of [many, spread])
      expect(validateUpdate(doc, forgedUpdate([], ranges), options(owners))).toEqual({
        ok: false,
        reason: 'too_many_deletions',
        details: { max: limits.maxDeleteRangesPerUpdate },
      });
    const overlapping = [
      { client: 5, clock: 0, len: 1 },
      { client: 5, clock: 0, len: 1 },
    ];
    const empty = [{ client: 5, clock: 0, len: 0 }];
    for (const ranges of [overlapping, empty])
      expect(validateUpdate(doc, forgedUpdate([], ranges), options(owners))).toEqual({
        ok: false,
        reason: 'malformed_update',
      });
  });

  it('takes at most one new client id per update', () => {
    const doc = conversation();
    const first = new Y.Doc();
    Y.applyUpdate(first, Y.encodeStateAsUpdate(doc));
    first.clientID = 10;
    appendText(first, alice.id, 'one', now);
    const second = new Y.Doc();
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    second.clientID = 20;
    appendText(second, alice.id, 'two', now);
    const both = Y.encodeStateAsUpdate(second, Y.encodeStateVector(doc));
    expect(validateUpdate(doc, both, options(new Map()))).toEqual({
      ok: false,
      reason: 'too_many_new_clients',
      details: { max: 1 },
    });
    // With the first bound already, the second is the update's only new one.
    expect(validateUpdate(doc, both, options(new Map([[10, alice.id]])))).toMatchObject({
      ok: true,
      newClients: [20],
    });
  });

  it("refuses an identity's 65th client id in a document, but not a server-built write's", () => {
    const doc = conversation();
    const owners = new Map<number, string>();
    for (let c = 1; c <= limits.maxClientsPerIdentity; c++) owners.set(1000 + c, alice.id);
    owners.set(5000, bob.id);
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
    device.clientID = 77;
    appendText(device, alice.id, 'one more device', now);
    const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(doc));
    expect(validateUpdate(doc, update, options(owners))).toEqual({
      ok: false,
      reason: 'too_many_clients',
      details: { max: limits.maxClientsPerIdentity },
    });
    expect(validateUpdate(doc, update, options(owners, { serverBuilt: true }))).toMatchObject({
      ok: true,
    });
    owners.delete(1001);
    expect(validateUpdate(doc, update, options(owners))).toMatchObject({ ok: true });
  });
});
