/** One forged (and one honest) update per validator rule, for every document kind. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
  appendText,
  conversationParts,
  initConversation,
  messageSchema,
} from '../docs/conversation.ts';
import type { Actor } from '../identity.ts';
import type { DocName } from '../docs/names.ts';
import { limits } from '../limits.ts';
import { validateUpdate } from './validate-update.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const bob: Actor = { id: 'u_bob', kind: 'person' };
const shop: Actor = { id: 'b_shop', kind: 'business' };
const rival: Actor = { id: 'b_rival', kind: 'business' };
const platform: Actor = { id: 'platform', kind: 'platform' };
const now = 1_700_000_000_000;

/** Validates what `edit` does to a copy of `server`, as `actor`. */
function attempt(server: Y.Doc, name: DocName, actor: Actor, edit: (doc: Y.Doc) => void) {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  edit(device);
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  return validateUpdate(server, update, { name, actor, now, ownerOf: () => undefined });
}

function conversation(): Y.Doc {
  const doc = new Y.Doc();
  initConversation(doc, 'private', [
    { id: alice.id, kind: 'person' },
    { id: bob.id, kind: 'person' },
  ]);
  return doc;
}

const conv: DocName = { kind: 'conv', id: 'c1', epoch: 0 };

describe('conversation rules', () => {
  it('refuses invalid message shapes and overlong text', () => {
    const server = conversation();
    const push = (value: unknown) =>
      attempt(server, conv, alice, (d) => conversationParts(d).messages.push([value as never]));
    expect(push({ hello: 1 })).toMatchObject({ ok: false, reason: 'invalid_message' });
    const long = {
      id: 'abcdefgh12',
      author: alice.id,
      n: 1,
      at: now,
      kind: 'text',
      text: 'x'.repeat(limits.maxMessageChars + 1),
    };
    expect(push(long)).toMatchObject({ ok: false, reason: 'invalid_message' });
    expect(push({ ...long, text: 'ok' }).ok).toBe(true);
    expect(push({ ...long, text: 'ok', at: now + 3_600_000 })).toEqual({
      ok: false,
      reason: 'time_in_future',
    });
  });

  it('refuses receipts that move backwards', () => {
    const server = conversation();
    conversationParts(server).receipts.set(alice.id, { d: 5, r: 5 });
    expect(
      attempt(server, conv, alice, (d) =>
        conversationParts(d).receipts.set(alice.id, { d: 4, r: 4 }),
      ),
    ).toEqual({
      ok: false,
      reason: 'receipt_backwards',
    });
  });

  it('lets only the author delete a message for everyone, and only in time', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'oops', now - 1000);
    const tombstone = (doc: Y.Doc) => conversationParts(doc).deleted.set(message.id, { at: now });
    expect(attempt(server, conv, alice, tombstone).ok).toBe(true);
    expect(attempt(server, conv, bob, tombstone)).toEqual({
      ok: false,
      reason: 'not_author',
    });
    const old = appendText(server, alice.id, 'old', now - limits.deleteForEveryoneMs - 1);
    expect(
      attempt(server, conv, alice, (d) => conversationParts(d).deleted.set(old.id, { at: now })),
    ).toEqual({
      ok: false,
      reason: 'delete_too_late',
    });
  });

  it('refuses nested types, text types and unknown fields', () => {
    const server = conversation();
    expect(
      attempt(server, conv, alice, (d) =>
        conversationParts(d).messages.push([new Y.Map() as never]),
      ),
    ).toEqual({ ok: false, reason: 'unsupported_content' });
    expect(attempt(server, conv, alice, (d) => d.getText('messages').insert(0, 'x'))).toEqual({
      ok: false,
      reason: 'unsupported_content',
    });
    expect(attempt(server, conv, alice, (d) => d.getMap('extra').set('k', 1))).toEqual({
      ok: false,
      reason: 'unknown_field',
      details: { field: 'extra' },
    });
  });

  it('refuses more items per update than the limit', () => {
    const server = conversation();
    const verdict = attempt(server, conv, alice, (d) => {
      for (let i = 0; i <= limits.maxItemsPerUpdate; i++) appendText(d, alice.id, `m${i}`, now);
    });
    expect(verdict).toEqual({
      ok: false,
      reason: 'too_many_changes',
      details: { max: limits.maxItemsPerUpdate },
    });
  });

  it('never throws and never accepts a corrupting update, whatever the bytes', () => {
    const server = conversation();
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    appendText(device, alice.id, 'hola', now);
    const honest = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
    fc.assert(
      fc.property(fc.nat(honest.length - 1), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const mutated = honest.slice();
        mutated[at] = byte;
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
        const verdict = validateUpdate(copy, mutated, {
          name: conv,
          actor: alice,
          now,
          ownerOf: () => undefined,
        });
        if (verdict.ok) {
          Y.applyUpdate(copy, mutated);
          for (const message of conversationParts(copy).messages) {
            expect(messageSchema.safeParse(message).success).toBe(true);
            expect(message.author).toBe(alice.id);
          }
          expect(conversationParts(copy).meta.get('participants')).toEqual(
            conversationParts(server).meta.get('participants'),
          );
        }
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});

describe('preferences rules', () => {
  const prefs: DocName = { kind: 'prefs', id: alice.id, epoch: 0 };
  it('lets only the owner write', () => {
    const server = new Y.Doc();
    const set = (d: Y.Doc) => d.getMap('prefs').set('businessMessages', false);
    expect(attempt(server, prefs, alice, set).ok).toBe(true);
    expect(attempt(server, prefs, shop, set)).toEqual({
      ok: false,
      reason: 'not_owner',
    });
    expect(attempt(server, prefs, alice, (d) => d.getMap('other').set('x', 1))).toEqual({
      ok: false,
      reason: 'unknown_field',
      details: { field: 'other' },
    });
  });
});

describe('profile rules', () => {
  const profile: DocName = { kind: 'profile', id: shop.id, epoch: 0 };
  it('lets the business edit its profile but not its name or ✅', () => {
    const server = new Y.Doc();
    expect(
      attempt(server, profile, shop, (d) => d.getMap('profile').set('description', 'Fresh bread'))
        .ok,
    ).toBe(true);
    expect(
      attempt(server, profile, rival, (d) => d.getMap('profile').set('description', 'Bad bread')),
    ).toEqual({ ok: false, reason: 'not_owner' });
    expect(
      attempt(server, profile, shop, (d) => d.getMap('profile').set('verified', true)),
    ).toEqual({
      ok: false,
      reason: 'platform_only',
      details: { field: 'verified' },
    });
    expect(attempt(server, profile, shop, (d) => d.getMap('profile').set('name', 'Other'))).toEqual(
      { ok: false, reason: 'platform_only', details: { field: 'name' } },
    );
    expect(
      attempt(server, profile, platform, (d) => d.getMap('profile').set('verified', true)).ok,
    ).toBe(true);
  });
  it('leaves category and photo to the platform (set through HTTP)', () => {
    const server = new Y.Doc();
    expect(
      attempt(server, profile, shop, (d) => d.getMap('profile').set('category', 'food')),
    ).toEqual({ ok: false, reason: 'platform_only', details: { field: 'category' } });
    expect(
      attempt(server, profile, shop, (d) => d.getMap('profile').set('photo', '/media/abcdefgh')),
    ).toEqual({ ok: false, reason: 'platform_only', details: { field: 'photo' } });
  });
});

describe('announcement rules', () => {
  it('lets only the platform write', () => {
    const server = new Y.Doc();
    const post = (d: Y.Doc) => d.getArray('posts').push([{ text: 'hello' }]);
    const name: DocName = { kind: 'announcements', id: '', epoch: 0 };
    expect(attempt(server, name, platform, post).ok).toBe(true);
    expect(attempt(server, name, shop, post)).toEqual({
      ok: false,
      reason: 'platform_only',
    });
  });
});

describe('field values', () => {
  it('checks profile and preference values, not only who writes them', () => {
    const profile: DocName = { kind: 'profile', id: shop.id, epoch: 0 };
    expect(
      attempt(new Y.Doc(), profile, shop, (d) =>
        d.getMap('profile').set('websites', ['javascript:alert(1)']),
      ),
    ).toMatchObject({ ok: false, reason: 'invalid_value', details: { field: 'websites' } });
    expect(
      attempt(new Y.Doc(), profile, shop, (d) =>
        d.getMap('profile').set('websites', ['https://shop.example']),
      ).ok,
    ).toBe(true);
    const prefs: DocName = { kind: 'prefs', id: alice.id, epoch: 0 };
    expect(
      attempt(new Y.Doc(), prefs, alice, (d) => d.getMap('prefs').set('businessMessages', 'maybe')),
    ).toMatchObject({ ok: false, reason: 'invalid_value', details: { field: 'businessMessages' } });
    expect(
      attempt(new Y.Doc(), prefs, alice, (d) => d.getMap('prefs').set(`optIn:${shop.id}`, true)).ok,
    ).toBe(true);
  });
});

describe('conversation epochs', () => {
  it('accepts messages in an epoch document but not receipts or participants', () => {
    const epoch: DocName = { kind: 'conv', id: 'c1', epoch: 3 };
    const server = new Y.Doc();
    expect(attempt(server, epoch, alice, (d) => appendText(d, alice.id, 'hola', now)).ok).toBe(
      true,
    );
    expect(
      attempt(server, epoch, alice, (d) =>
        conversationParts(d).receipts.set(alice.id, { d: 1, r: 1 }),
      ),
    ).toEqual({ ok: false, reason: 'head_only_field', details: { field: 'receipts' } });
    expect(attempt(server, epoch, alice, (d) => conversationParts(d).meta.set('epoch', 9))).toEqual(
      { ok: false, reason: 'head_only_field', details: { field: 'meta' } },
    );
  });
});
