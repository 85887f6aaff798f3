/** The inbox document's rules: its business alone writes it, and every value is checked. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../identity.ts';
import type { DocName } from '../docs/names.ts';
import { inboxParts, saveLabel, setChatLabel, setGreeting, setNote } from '../docs/inbox.ts';
import { validateUpdate } from './validate-update.ts';

const shop: Actor = { id: 'b_shop', kind: 'business' };
const rival: Actor = { id: 'b_rival', kind: 'business' };
const customer: Actor = { id: 'u_alice', kind: 'person' };
const platform: Actor = { id: 'platform', kind: 'platform' };
const inbox: DocName = { kind: 'inbox', id: shop.id, epoch: 0 };
const now = 1_700_000_000_000;

function attempt(server: Y.Doc, actor: Actor, edit: (doc: Y.Doc) => void) {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  edit(device);
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  return validateUpdate(server, update, { name: inbox, actor, now, ownerOf: () => undefined });
}

describe('inbox rules', () => {
  it('lets the business write labels, notes, quick replies and settings', () => {
    const server = new Y.Doc();
    expect(
      attempt(server, shop, (d) => {
        const vip = saveLabel(d, { name: 'VIP', color: 'purple' });
        setChatLabel(d, 'c1', vip, true);
        setNote(d, 'c1', 'Allergic to nuts');
        inboxParts(d).quickReplies.set('hi', 'Hello!');
        setGreeting(d, { enabled: true, text: 'Welcome' });
      }),
    ).toMatchObject({ ok: true });
  });

  it.each([
    ['a customer', customer],
    ['another business', rival],
    ['the platform', platform],
  ])('refuses every write by %s', (_who, actor) => {
    const server = new Y.Doc();
    expect(attempt(server, actor, (d) => setNote(d, 'c1', 'hello'))).toEqual({
      ok: false,
      reason: 'not_owner',
    });
    expect(attempt(server, actor, (d) => setChatLabel(d, 'c1', 'paid', true))).toEqual({
      ok: false,
      reason: 'not_owner',
    });
  });

  it('refuses removals by anyone else, allows the business its own', () => {
    const server = new Y.Doc();
    setNote(server, 'c1', 'note');
    expect(attempt(server, rival, (d) => inboxParts(d).notes.delete('c1'))).toEqual({
      ok: false,
      reason: 'not_owner',
    });
    expect(attempt(server, shop, (d) => inboxParts(d).notes.delete('c1')).ok).toBe(true);
  });

  it.each<[string, (d: Y.Doc) => void, Record<string, unknown>]>([
    [
      'a label with a made-up colour',
      (d) => inboxParts(d).labels.set('x', { name: 'X', color: 'gold' }),
      { reason: 'invalid_value', details: { field: 'labels' } },
    ],
    [
      'a label without a name',
      (d) => inboxParts(d).labels.set('x', { name: ' ', color: 'red' }),
      { reason: 'invalid_value', details: { field: 'labels' } },
    ],
    [
      'a chat label set to a string',
      (d) => inboxParts(d).chatLabels.set('c1/paid', 'yes'),
      { reason: 'invalid_value', details: { field: 'chatLabels' } },
    ],
    [
      'a note over 2000 characters',
      (d) => inboxParts(d).notes.set('c1', 'x'.repeat(2001)),
      { reason: 'invalid_value', details: { field: 'notes' } },
    ],
    [
      'a quick reply with a spaced shortcut',
      (d) => inboxParts(d).quickReplies.set('a b', 'x'),
      { reason: 'invalid_value', details: { field: 'quickReplies' } },
    ],
    [
      'an away message every 0 hours',
      (d) => inboxParts(d).settings.set('away', { enabled: true, text: 'x', everyHours: 0 }),
      { reason: 'invalid_value', details: { field: 'settings' } },
    ],
    [
      'an unknown root',
      (d) => d.getMap('secrets').set('k', 'v'),
      { reason: 'unknown_field', details: { field: 'secrets' } },
    ],
    [
      'a nested type',
      (d) => inboxParts(d).notes.set('c1', new Y.Map() as never),
      { reason: 'unsupported_content' },
    ],
  ])('refuses %s', (_what, edit, refusal) => {
    expect(attempt(new Y.Doc(), shop, edit)).toMatchObject({ ok: false, ...refusal });
  });
});
