/**
 * A backlog cut into updates the server accepts: each piece passes the real validator on the
 * server's copy as the earlier pieces left it, and together they are the whole backlog.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendText,
  conversationParts,
  initConversation,
  raiseReceipt,
} from '../docs/conversation.ts';
import type { Actor } from '../identity.ts';
import { limits } from '../limits.ts';
import { validateUpdate } from '../validator/validate-update.ts';
import { frameLimits, pieceLimits, splitUpdate } from './update-pieces.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const bob: Actor = { id: 'u_bob', kind: 'person' };
const now = 1_700_000_000_000;
const ids = (doc: Y.Doc) =>
  conversationParts(doc)
    .messages.toArray()
    .map((m) => m.id);

function conversation(): Y.Doc {
  const doc = new Y.Doc();
  initConversation(doc, 'private', [
    { id: alice.id, kind: 'person' },
    { id: bob.id, kind: 'person' },
  ]);
  const phone = deviceOf(doc, 99);
  appendText(phone, bob.id, 'uno', now);
  appendText(phone, bob.id, 'dos', now);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone));
  return doc;
}

/** A device's copy of the server's document, writing as `clientID`. */
function deviceOf(server: Y.Doc, clientID: number): Y.Doc {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  device.clientID = clientID;
  return device;
}

/** Sends each piece to the server in order, as the server judges it; the verdicts. */
function deliver(server: Y.Doc, pieces: Uint8Array[], owners: number[]) {
  return pieces.map((piece) => {
    const verdict = validateUpdate(server, piece, {
      name: { kind: 'conv', id: 'c1', epoch: 0 },
      actor: alice,
      now,
      ownerOf: (client) =>
        owners.includes(client) ? alice.id : client === 99 ? bob.id : undefined,
    });
    if (verdict.ok) Y.applyUpdate(server, piece);
    return verdict;
  });
}

describe('splitUpdate', () => {
  it('sends an update within the limits as it is', () => {
    const server = conversation();
    const device = deviceOf(server, 7);
    appendText(device, alice.id, 'hola', now);
    const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
    expect(splitUpdate(update, Y.decodeStateVector(Y.encodeStateVector(server)))).toEqual([update]);
  });

  it('cuts a backlog of two app runs into pieces the server accepts, in causal order', () => {
    const server = conversation();
    // The first run writes as client 10; after a restart the app writes as client 20, after
    // the first run's messages — but an update lists client 20's changes first.
    const first = deviceOf(server, 10);
    for (let i = 0; i < 400; i++) appendText(first, alice.id, `a${i}`, now);
    raiseReceipt(first, alice.id, { d: 1 });
    const second = deviceOf(first, 20);
    for (let i = 0; i < 400; i++) appendText(second, alice.id, `b${i}`, now);
    raiseReceipt(second, alice.id, { d: 2 });
    const backlog = Y.encodeStateAsUpdate(second, Y.encodeStateVector(server));
    const whole = deliver(deviceOf(server, 1), [backlog], [10, 20]);
    expect(whole).toEqual([
      { ok: false, reason: 'too_many_changes', details: { max: limits.maxItemsPerUpdate } },
    ]);

    const pieces = splitUpdate(backlog, Y.decodeStateVector(Y.encodeStateVector(server)));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(deliver(server, pieces, [10, 20]).filter((v) => !v.ok)).toEqual([]);
    expect(ids(server)).toEqual(ids(second));
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(second));
    expect(server.store.pendingStructs).toBeNull();
  });

  it('keeps every piece within a frame, however long the messages', () => {
    const server = conversation();
    const device = deviceOf(server, 7);
    const long = 'x'.repeat(limits.maxMessageChars);
    for (let i = 0; i < 150; i++) appendText(device, alice.id, `${i}${long}`.slice(0, -3), now);
    const backlog = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
    expect(backlog.length).toBeGreaterThan(limits.maxFrameBytes);

    const pieces = splitUpdate(backlog, Y.decodeStateVector(Y.encodeStateVector(server)));
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(pieceLimits.bytes);
    expect(deliver(server, pieces, [7]).filter((v) => !v.ok)).toEqual([]);
    expect(ids(server)).toEqual(ids(device));
  });

  it('introduces at most one new client id per piece', () => {
    const server = conversation();
    const first = deviceOf(server, 10);
    appendText(first, alice.id, 'first run', now);
    const second = deviceOf(first, 20);
    appendText(second, alice.id, 'second run', now);
    const backlog = Y.encodeStateAsUpdate(second, Y.encodeStateVector(server));
    const bound = new Set<number>();
    const judge = (update: Uint8Array) =>
      validateUpdate(server, update, {
        name: { kind: 'conv', id: 'c1', epoch: 0 },
        actor: alice,
        now,
        ownerOf: (client) => (bound.has(client) ? alice.id : client === 99 ? bob.id : undefined),
        boundClients: () => bound.size,
      });
    expect(judge(backlog)).toMatchObject({ ok: false, reason: 'too_many_new_clients' });

    const pieces = splitUpdate(backlog, Y.decodeStateVector(Y.encodeStateVector(server)));
    expect(pieces).toHaveLength(2);
    for (const piece of pieces) {
      const verdict = judge(piece);
      expect(verdict).toMatchObject({ ok: true, newClients: [expect.any(Number)] });
      if (verdict.ok) verdict.newClients.forEach((c) => bound.add(c));
      Y.applyUpdate(server, piece);
    }
    expect(ids(server)).toEqual(ids(second));
  });

  it('cuts structs and deletions by count and by bytes', () => {
    const server = conversation();
    const device = deviceOf(server, 7);
    // Each receipt replaces the one before: a deleted item between two messages, one range each.
    for (let i = 1; i <= 1200; i++) {
      appendText(device, alice.id, `m${i}`, now);
      raiseReceipt(device, alice.id, { d: i });
    }
    const backlog = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
    const { ds } = Y.decodeUpdate(backlog);
    const rangesOf = (u: Uint8Array) =>
      [...Y.decodeUpdate(u).ds.clients.values()].reduce((n, l) => n + l.length, 0);
    expect(rangesOf(backlog)).toBeGreaterThan(limits.maxDeleteRangesPerUpdate);
    expect(ds.clients.size).toBe(1);

    const small = { ...pieceLimits, bytes: 4000 };
    const pieces = splitUpdate(backlog, Y.decodeStateVector(Y.encodeStateVector(server)), small);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(small.bytes);
      expect(Y.decodeUpdate(piece).structs.length).toBeLessThanOrEqual(limits.maxStructsPerUpdate);
      expect(rangesOf(piece)).toBeLessThanOrEqual(limits.maxDeleteRangesPerUpdate);
    }
    expect(deliver(server, pieces, [7]).filter((v) => !v.ok)).toEqual([]);
    expect(ids(server)).toEqual(ids(device));
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(device));
  });

  it('cuts what the server sends into frames, whatever the size of the document', () => {
    const server = conversation();
    const device = deviceOf(server, 7);
    const long = 'é'.repeat(limits.maxMessageChars - 10);
    for (let i = 0; i < 100; i++) appendText(device, alice.id, `${i}${long}`, now);
    const whole = Y.encodeStateAsUpdate(device);
    expect(whole.length).toBeGreaterThan(3 * limits.maxFrameBytes);

    const frames = splitUpdate(whole, new Map(), frameLimits);
    const copy = new Y.Doc();
    for (const frame of frames) {
      expect(frame.length).toBeLessThanOrEqual(frameLimits.bytes);
      Y.applyUpdate(copy, frame);
    }
    expect(copy.store.pendingStructs).toBeNull();
    expect(ids(copy)).toEqual(ids(device));
  });
});
