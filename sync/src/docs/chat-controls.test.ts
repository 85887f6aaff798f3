/**
 * Chat controls (issue 18, item 3) in the preferences document: what the view reads from them,
 * and what the validator refuses — hand-built updates as a hostile or merely stale device sends.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../identity.ts';
import type { DocName } from './names.ts';
import { validateUpdate } from '../validator/validate-update.ts';
import {
  isArchived,
  isMuted,
  maxPinned,
  mutedIn,
  muteDurations,
  nextMuteEnd,
  pinnedChats,
  readChatControls,
  setArchived,
  setMarkedUnread,
  setMute,
  setPinned,
} from './chat-controls.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const mallory: Actor = { id: 'u_mallory', kind: 'person' };
const prefs: DocName = { kind: 'prefs', id: alice.id, epoch: 0 };
const now = 1_700_000_000_000;

function attempt(server: Y.Doc, actor: Actor, edit: (doc: Y.Doc) => void) {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  edit(device);
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  const result = validateUpdate(server, update, {
    name: prefs,
    actor,
    now,
    ownerOf: () => undefined,
  });
  if (result.ok) Y.applyUpdate(server, update);
  return result;
}

describe('chat controls', () => {
  it('mute for 8 hours, a week or always; archived chats come back unless muted', () => {
    const doc = new Y.Doc();
    setMute(doc, 'a', now + muteDurations.eightHours);
    setMute(doc, 'b', 'always');
    setArchived(doc, 'c', true, now);
    setArchived(doc, 'b', true, now);
    setMarkedUnread(doc, 'd', true);
    const controls = readChatControls(doc);
    expect(isMuted(controls.get('a'), now + muteDurations.eightHours - 1)).toBe(true);
    expect(isMuted(controls.get('a'), now + muteDurations.eightHours)).toBe(false);
    expect(isMuted(controls.get('b'), now + 10 * muteDurations.oneWeek)).toBe(true);
    expect(isArchived(controls.get('c'), now - 5, now)).toBe(true);
    expect(isArchived(controls.get('c'), now + 5, now + 5)).toBe(false);
    expect(isArchived(controls.get('b'), now + 5, now + 5)).toBe(true);
    expect(controls.get('d')).toEqual({ markedUnread: true });
    expect(mutedIn(doc, 'a', now)).toBe(true);
    expect(mutedIn(doc, 'a', now + muteDurations.eightHours)).toBe(false);
    expect(mutedIn(doc, 'c', now)).toBe(false);
    setMute(doc, 'b', null);
    setMarkedUnread(doc, 'd', false);
    expect(readChatControls(doc).get('b')).toEqual({ archivedAt: now });
    expect(readChatControls(doc).has('d')).toBe(false);
  });

  it('says when the next timed mute ends, so a list unmutes it on time', () => {
    const now = 1_000_000;
    const controls = new Map([
      ['a', { mutedUntil: now + muteDurations.oneWeek }],
      ['b', { mutedUntil: now + muteDurations.eightHours }],
      ['c', { mutedUntil: 'always' as const }],
      ['d', { mutedUntil: now - 1 }],
      ['e', { pinnedAt: now }],
    ]);
    expect(nextMuteEnd(controls, now)).toBe(now + muteDurations.eightHours);
    expect(isMuted(controls.get('b'), now + muteDurations.eightHours)).toBe(false);
    expect(nextMuteEnd(controls, now + muteDurations.eightHours)).toBe(now + muteDurations.oneWeek);
    expect(nextMuteEnd(controls, now + muteDurations.oneWeek)).toBeNull();
  });

  it('pins at most three, newest first, even after two devices merge', () => {
    const phone = new Y.Doc();
    for (const [i, chat] of ['a', 'b', 'c'].entries())
      expect(setPinned(phone, chat, true, now + i)).toBe(true);
    expect(setPinned(phone, 'd', true, now + 9)).toBe(false);
    expect(pinnedChats(readChatControls(phone))).toEqual(['c', 'b', 'a']);
    // Offline, another device pins a fourth: the view still shows three.
    const laptop = new Y.Doc();
    laptop.getMap('prefs').set('pin:z', now + 20);
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(laptop));
    expect(pinnedChats(readChatControls(phone))).toEqual(['z', 'c', 'b']);
  });

  it('the validator refuses a fourth pin, bad values and other people', () => {
    const server = new Y.Doc();
    for (const chat of ['a', 'b', 'c'])
      expect(attempt(server, alice, (d) => d.getMap('prefs').set(`pin:${chat}`, now)).ok).toBe(
        true,
      );
    expect(attempt(server, alice, (d) => d.getMap('prefs').set('pin:d', now))).toEqual({
      ok: false,
      reason: 'too_many_pins',
      details: { max: maxPinned },
    });
    // Re-pinning a pinned chat is no new pin; unpinning makes room.
    expect(attempt(server, alice, (d) => d.getMap('prefs').set('pin:a', now + 1)).ok).toBe(true);
    expect(attempt(server, alice, (d) => d.getMap('prefs').delete('pin:a')).ok).toBe(true);
    expect(attempt(server, alice, (d) => d.getMap('prefs').set('pin:d', now)).ok).toBe(true);

    const set = (key: string, value: unknown) =>
      attempt(server, alice, (d) => d.getMap('prefs').set(key, value));
    for (const [key, value] of [
      ['mute:a', 'forever'],
      ['mute:a', -1],
      ['pin:e', 'yes'],
      ['archived:a', true],
      ['unread:a', false],
      ['unread:a', 1],
    ] as const)
      expect(set(key, value), `${key} = ${value}`).toMatchObject({
        ok: false,
        reason: 'invalid_value',
      });
    expect(set('mute:a/../b', 'always')).toMatchObject({ ok: false, reason: 'unknown_field' });
    expect(set('mute:a', 'always').ok).toBe(true);
    expect(set('archived:a', now).ok).toBe(true);
    expect(set('unread:a', true).ok).toBe(true);
    expect(
      attempt(server, mallory, (d) => d.getMap('prefs').set('mute:x', 'always')),
    ).toMatchObject({ ok: false, reason: 'not_owner' });
  });
});
