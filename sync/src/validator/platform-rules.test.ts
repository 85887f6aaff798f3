/**
 * The server's own writes to a conversation go through the validator as the platform: who is in
 * it (once), the epoch (forwards only), system messages — and nothing else.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendSystem,
  appendText,
  conversationParts,
  initConversation,
  type Participant,
} from '../docs/conversation.ts';
import { platformActor, type Actor } from '../identity.ts';
import { validateUpdate } from './validate-update.ts';

const now = 1_700_000_000_000;
const pair: Participant[] = [
  { id: 'u_ana', kind: 'person' },
  { id: 'b_shop', kind: 'business', name: 'Shop' },
];

function attempt(server: Y.Doc, actor: Actor, edit: (doc: Y.Doc) => void, epoch = 0) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  edit(copy);
  const update = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(server));
  const verdict = validateUpdate(server, update, {
    name: { kind: 'conv', id: 'c1', epoch },
    actor,
    now,
    ownerOf: () => undefined,
  });
  if (verdict.ok) Y.applyUpdate(server, update);
  return verdict.ok ? 'ok' : verdict.reason;
}

describe('the platform in a conversation', () => {
  it('writes the participants once, then never again', () => {
    const server = new Y.Doc();
    expect(attempt(server, platformActor, (d) => initConversation(d, 'business', pair))).toBe('ok');
    expect(attempt(server, platformActor, (d) => initConversation(d, 'private', pair))).toBe(
      'participants_fixed',
    );
  });

  it('refuses participants of the wrong shape, and unknown meta', () => {
    const server = new Y.Doc();
    expect(
      attempt(server, platformActor, (d) => initConversation(d, 'business', pair.slice(0, 1))),
    ).toBe('invalid_value');
    expect(attempt(server, platformActor, (d) => conversationParts(d).meta.set('x', 1))).toBe(
      'unknown_field',
    );
  });

  it('moves the epoch forwards only, in the head only', () => {
    const server = new Y.Doc();
    const epoch = (n: number) => (d: Y.Doc) => conversationParts(d).meta.set('epoch', n);
    expect(attempt(server, platformActor, epoch(1))).toBe('ok');
    expect(attempt(server, platformActor, epoch(2))).toBe('ok');
    expect(attempt(server, platformActor, epoch(1))).toBe('epoch_backwards');
    expect(attempt(new Y.Doc(), platformActor, epoch(3), 2)).toBe('head_only_field');
  });

  it('writes system messages and no others; nobody else writes meta', () => {
    const server = new Y.Doc();
    initConversation(server, 'business', pair);
    expect(attempt(server, platformActor, (d) => appendSystem(d, 'opted_in', 'Hi.', now))).toBe(
      'ok',
    );
    expect(attempt(server, platformActor, (d) => appendText(d, 'platform', 'hi', now))).toBe(
      'platform_system_only',
    );
    expect(
      attempt(server, { id: 'b_shop', kind: 'business' }, (d) =>
        conversationParts(d).meta.set('epoch', 5),
      ),
    ).toBe('server_field');
  });
});
