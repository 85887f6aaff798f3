import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  deleteForMe,
  readHidden,
  checkPreferenceField,
  preferencesFor,
  preferencesMap,
  readBlockedPeople,
  readPreferences,
  setBlocked,
  setBlockedPerson,
  setBusinessMessages,
  setOptIn,
  setReadReceipts,
  setSwitch,
  readLastSeenShown,
} from './preferences.ts';

describe('preferences document', () => {
  it('defaults: business messages on, read receipts on, no opt-ins, no blocks', () => {
    const prefs = readPreferences(new Y.Doc());
    expect(prefs).toEqual({
      businessMessages: true,
      readReceipts: true,
      lastSeen: true,
      optIn: {},
      blocked: {},
    });
    expect(preferencesFor(prefs, 'b_shop')).toEqual({
      businessMessages: true,
      optedIn: false,
      blocked: false,
    });
  });

  it('writes and reads back every choice', () => {
    const doc = new Y.Doc();
    setBusinessMessages(doc, false);
    setReadReceipts(doc, false);
    setSwitch(doc, 'lastSeen', false);
    setOptIn(doc, 'b_shop', true);
    setOptIn(doc, 'b_other', false);
    setBlocked(doc, 'b_spam', true);
    const prefs = readPreferences(doc);
    expect(readLastSeenShown(doc)).toBe(false);
    expect(prefs).toEqual({
      businessMessages: false,
      readReceipts: false,
      lastSeen: false,
      optIn: { b_shop: true, b_other: false },
      blocked: { b_spam: true },
    });
    expect(preferencesFor(prefs, 'b_spam')).toEqual({
      businessMessages: false,
      optedIn: false,
      blocked: true,
    });
  });

  it('changes made offline on two devices merge key by key', () => {
    const phone = new Y.Doc();
    const laptop = new Y.Doc();
    setOptIn(phone, 'b_shop', true);
    setBlocked(laptop, 'b_spam', true);
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(laptop));
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone));
    expect(readPreferences(phone)).toEqual(readPreferences(laptop));
    expect(readPreferences(phone).optIn).toEqual({ b_shop: true });
  });

  it('ignores values that are not booleans', () => {
    const doc = new Y.Doc();
    preferencesMap(doc).set('businessMessages', 'no');
    preferencesMap(doc).set('optIn:b_shop', 1);
    expect(readPreferences(doc)).toEqual(readPreferences(new Y.Doc()));
  });

  it('blocks people by id, kept apart from businesses', () => {
    const doc = new Y.Doc();
    setBlockedPerson(doc, 'u_bob', true);
    setBlockedPerson(doc, 'u_carol', false);
    setBlocked(doc, 'b_spam', true);
    expect(readBlockedPeople(doc)).toEqual({ u_bob: true, u_carol: false });
    expect(readPreferences(doc).blocked).toEqual({ b_spam: true });
    expect(() => setBlockedPerson(doc, 'u bob', true)).toThrow('invalid person id');
  });

  it('hides messages deleted for me, per conversation', () => {
    const doc = new Y.Doc();
    deleteForMe(doc, 'c1', 'abcdefgh12');
    deleteForMe(doc, 'c2', 'ijklmnop34');
    expect(readHidden(doc, 'c1')).toEqual(new Set(['abcdefgh12']));
    expect(() => deleteForMe(doc, 'c1', 'x')).toThrow('invalid message');
  });

  it('refuses malformed business ids', () => {
    expect(() => setOptIn(new Y.Doc(), 'b shop', true)).toThrow('invalid business id');
  });

  const table: [key: string, value: unknown, error: string | null][] = [
    ['businessMessages', false, null],
    ['readReceipts', true, null],
    ['lastSeen', false, null],
    ['lastSeen', 'hidden', 'A preference is on or off (a boolean).'],
    ['optIn:b_shop', true, null],
    ['blocked:b_shop', false, null],
    ['blockedPerson:u_bob', true, null],
    ['blockedPerson:u bob', true, 'unknown preference blockedPerson:u bob'],
    ['businessMessages', 'off', 'A preference is on or off (a boolean).'],
    ['optIn:b_shop', null, 'A preference is on or off (a boolean).'],
    ['optIn:', true, 'unknown preference optIn:'],
    ['optIn:b shop', true, 'unknown preference optIn:b shop'],
    ['report:b_shop', true, 'unknown preference report:b_shop'],
    ['theme', 'dark', 'unknown preference theme'],
    ['hidden:c1/abcdefgh12', true, null],
    ['hidden:c1/short', true, 'unknown preference hidden:c1/short'],
    ['hidden:c1', true, 'unknown preference hidden:c1'],
  ];
  it.each(table)('checkPreferenceField(%j, %j) → %j', (key, value, error) => {
    expect(checkPreferenceField(key, value)).toBe(error);
  });
});
