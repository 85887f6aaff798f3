import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendText,
  initConversation,
  raiseReceipt,
  conversationParts,
} from '../docs/conversation.ts';
import { validateUpdate, type ValidateOptions } from './validate-update.ts';
import type { Actor } from '../identity.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const bob: Actor = { id: 'u_bob', kind: 'person' };
const now = 1_700_000_000_000;

/** A server copy and a device copy of one conversation, plus the client-id bindings. */
function setup() {
  const server = new Y.Doc();
  initConversation(server, 'private', [
    { id: alice.id, kind: 'person' },
    { id: bob.id, kind: 'person' },
  ]);
  const owners = new Map<number, string>([[server.clientID, 'platform']]);
  const device = (): Y.Doc => {
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
    return d;
  };
  const options = (actor: Actor): ValidateOptions => ({
    name: { kind: 'conv', id: 'c1', epoch: 0 },
    actor,
    now,
    ownerOf: (client) => owners.get(client),
  });
  /** Validates the device's changes the server lacks; applies and binds them when accepted. */
  const push = (d: Y.Doc, actor: Actor) => {
    const update = Y.encodeStateAsUpdate(d, Y.encodeStateVector(server));
    const verdict = validateUpdate(server, update, options(actor));
    if (verdict.ok) {
      verdict.newClients.forEach((c) => owners.set(c, actor.id));
      Y.applyUpdate(server, update);
    }
    return verdict;
  };
  return { server, device, push, owners, options };
}

describe('validateUpdate on conversations', () => {
  it('accepts a message written by its author', () => {
    const { device, push, server } = setup();
    const d = device();
    appendText(d, alice.id, 'hola', now);
    expect(push(d, alice)).toMatchObject({ ok: true, items: 1 });
    expect(conversationParts(server).messages.length).toBe(1);
  });

  it('refuses a message forged in another author’s name', () => {
    const { device, push } = setup();
    const d = device();
    appendText(d, bob.id, 'I owe you 100', now);
    expect(push(d, alice)).toEqual({
      ok: false,
      reason: 'not_author',
    });
  });

  it('refuses changes to the participants', () => {
    const { device, push } = setup();
    const d = device();
    conversationParts(d).meta.set('participants', []);
    expect(push(d, alice)).toEqual({
      ok: false,
      reason: 'server_field',
      details: { field: 'meta' },
    });
  });

  it('accepts own receipts moving forward, including overwrites', () => {
    const { device, push } = setup();
    const d = device();
    raiseReceipt(d, alice.id, { d: 1 });
    expect(push(d, alice).ok).toBe(true);
    raiseReceipt(d, alice.id, { d: 2, r: 2 });
    expect(push(d, alice).ok).toBe(true);
  });

  it('refuses receipts written for someone else', () => {
    const { device, push } = setup();
    const d = device();
    raiseReceipt(d, bob.id, { d: 5, r: 5 });
    expect(push(d, alice)).toEqual({
      ok: false,
      reason: 'not_own_receipt',
    });
  });

  it('refuses deleting a message', () => {
    const { device, push, server } = setup();
    const d = device();
    appendText(d, alice.id, 'hola', now);
    push(d, alice);
    conversationParts(d).messages.delete(0, 1);
    expect(push(d, alice)).toEqual({
      ok: false,
      reason: 'message_removed',
    });
    expect(conversationParts(server).messages.length).toBe(1);
  });

  it('refuses writing with a client id bound to another identity', () => {
    const { device, push } = setup();
    const d = device();
    appendText(d, alice.id, 'first', now);
    push(d, alice);
    // Bob's device reuses Alice's client id and writes a message in his own name.
    const forged = device();
    forged.clientID = d.clientID;
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(d));
    appendText(forged, bob.id, 'sneaky', now);
    expect(push(forged, bob)).toEqual({
      ok: false,
      reason: 'client_id_taken',
    });
  });

  it('refuses garbage bytes as a malformed update', () => {
    const { server, options } = setup();
    expect(validateUpdate(server, new Uint8Array([1, 2, 3, 200, 7]), options(alice))).toEqual({
      ok: false,
      reason: 'malformed_update',
    });
  });
});
