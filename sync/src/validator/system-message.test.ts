/** The platform's messages (`kind: 'system'`) are written by the server only, never by a client. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendSystem, conversationParts, initConversation } from '../docs/conversation.ts';
import type { Actor } from '../identity.ts';
import { validateUpdate } from './validate-update.ts';

const ana: Actor = { id: 'u_ana', kind: 'person' };
const shop: Actor = { id: 'b_shop', kind: 'business' };
const now = 1_700_000_000_000;

function attempt(actor: Actor, edit: (doc: Y.Doc) => void) {
  const server = new Y.Doc();
  initConversation(server, 'business', [
    { id: ana.id, kind: 'person' },
    { id: shop.id, kind: 'business', name: 'Shop' },
  ]);
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  edit(device);
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  return validateUpdate(server, update, {
    name: { kind: 'conv', id: 'c1', epoch: 0 },
    actor,
    now,
    ownerOf: () => undefined,
  });
}

describe('system messages', () => {
  it.each([ana, shop])('are refused from $id', (actor) => {
    expect(attempt(actor, (d) => appendSystem(d, 'opted_out', 'You opted out.', now))).toEqual({
      ok: false,
      reason: 'system_message',
    });
  });

  it('cannot be disguised with one’s own id as author', () => {
    const forged = {
      id: 'abcdefgh12',
      author: ana.id,
      n: 0,
      at: now,
      kind: 'system',
      event: 'opted_in',
      text: 'You opted in.',
    };
    expect(
      attempt(ana, (d) => conversationParts(d).messages.push([forged as never])),
    ).toMatchObject({
      ok: false,
      reason: 'invalid_message',
    });
  });
});
