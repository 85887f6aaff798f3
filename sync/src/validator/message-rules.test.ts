/**
 * The conversation rules that reach across epochs, as the server runs them (the validator given
 * every epoch document of the conversation): ids unique across epochs, tombstones in the current
 * epoch naming a message of an older one, late writes into a left epoch.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, initConversation } from '../docs/conversation.ts';
import { leftEpochLimits } from '../docs/chat-rules.ts';
import type { Actor } from '../identity.ts';
import { validateUpdate } from './validate-update.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const bob: Actor = { id: 'u_bob', kind: 'person' };
const now = 1_700_000_000_000;

/** A conversation that left epoch 0 an hour ago: the head, and epoch 1 (current). */
function conversation() {
  const head = new Y.Doc();
  initConversation(head, 'private', [
    { id: alice.id, kind: 'person' },
    { id: bob.id, kind: 'person' },
  ]);
  const old = appendText(head, alice.id, 'in epoch 0', now - 2 * 60_000);
  const state = Object.fromEntries(
    [...Y.decodeStateVector(Y.encodeStateVector(head))].map(([c, k]) => [String(c), k]),
  );
  conversationParts(head).meta.set('epoch', 1);
  conversationParts(head).meta.set('left', { '0': { at: now - 3_600_000, state } });
  return { head, epoch1: new Y.Doc(), old };
}

function attempt(
  docs: Y.Doc[],
  epoch: number,
  actor: Actor,
  change: (doc: Y.Doc) => void,
  at = now,
) {
  const server = docs[epoch]!;
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  change(device);
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  return validateUpdate(server, update, {
    name: { kind: 'conv', id: 'c1', epoch },
    actor,
    now: at,
    ownerOf: () => undefined,
    conversation: docs,
  });
}

describe('rules across epochs', () => {
  it('refuses a message whose id is in an older epoch', () => {
    const { head, epoch1, old } = conversation();
    const verdict = attempt([head, epoch1], 1, bob, (d) =>
      conversationParts(d).messages.push([{ ...old, author: bob.id, text: 'edited' }]),
    );
    expect(verdict).toEqual({ ok: false, reason: 'duplicate_message', details: { id: old.id } });
  });

  it('refuses a message whose id is in a newer epoch, written late into the old one', () => {
    const { head, epoch1 } = conversation();
    const recent = appendText(epoch1, bob.id, 'in epoch 1', now);
    const verdict = attempt([head, epoch1], 0, alice, (d) =>
      conversationParts(d).messages.push([{ ...recent, author: alice.id }]),
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'duplicate_message' });
  });

  it('deletes an old message from the current epoch only by its author, naming them', () => {
    const { head, epoch1, old } = conversation();
    const docs = [head, epoch1];
    const tombstone = (by?: string) => (d: Y.Doc) =>
      conversationParts(d).deleted.set(old.id, by ? { at: now, by } : { at: now });
    expect(attempt(docs, 1, alice, tombstone(alice.id))).toMatchObject({ ok: true });
    expect(attempt(docs, 1, alice, tombstone())).toMatchObject({
      ok: false,
      reason: 'invalid_tombstone',
    });
    expect(attempt(docs, 1, bob, tombstone(bob.id))).toMatchObject({
      ok: false,
      reason: 'not_author',
    });
    expect(attempt(docs, 1, bob, tombstone(alice.id))).toMatchObject({
      ok: false,
      reason: 'not_author',
    });
  });

  it('takes late writes into the left epoch for 7 days, then closes it', () => {
    const { head, epoch1 } = conversation();
    const late = (d: Y.Doc) => appendText(d, bob.id, 'offline', now - 60_000);
    expect(attempt([head, epoch1], 0, bob, late)).toMatchObject({ ok: true });
    const weekLater = now - 3_600_000 + leftEpochLimits.lateWriteMs + 1;
    expect(attempt([head, epoch1], 0, bob, late, weekLater)).toEqual({
      ok: false,
      reason: 'epoch_closed',
      details: { epoch: 0 },
    });
    // The current epoch is open whatever the time.
    expect(attempt([head, epoch1], 1, bob, late, weekLater)).toMatchObject({ ok: true });
  });
});

describe('a resent backlog', () => {
  it('judges only the messages the server lacks, even inside one merged struct', () => {
    const server = new Y.Doc();
    initConversation(server, 'private', [
      { id: alice.id, kind: 'person' },
      { id: bob.id, kind: 'person' },
    ]);
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(device);
    const first = appendText(device, alice.id, 'first', now);
    // The server stored the first message, then the connection broke before its ack.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(device, before));
    const second = appendText(device, alice.id, 'second', now);
    // The device resends its whole backlog: one struct holding both messages.
    const backlog = Y.encodeStateAsUpdate(device, before);
    expect((Y.decodeUpdate(backlog).structs as unknown[]).length).toBe(1);
    const verdict = validateUpdate(server, backlog, {
      name: { kind: 'conv', id: 'c1', epoch: 0 },
      actor: alice,
      now,
      ownerOf: (client) => (client === device.clientID ? alice.id : undefined),
    });
    expect(verdict).toMatchObject({ ok: true, messages: [second.id] });
    expect(first.id).not.toBe(second.id);
  });
});
