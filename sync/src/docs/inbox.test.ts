import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  autoRepliesDue,
  awayDefault,
  checkInboxWrite,
  conversationIdOf,
  inboxParts,
  labelColors,
  presetLabels,
  readAutoReplies,
  readChatLabels,
  readLabels,
  readNotes,
  readQuickReplies,
  removeLabel,
  removeQuickReply,
  saveLabel,
  saveQuickReply,
  setAway,
  setChatLabel,
  setGreeting,
  setNote,
} from './inbox.ts';

/** Two devices of one business, merged both ways (what sync does on reconnect). */
function merge(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe('labels', () => {
  it('has the preset labels in an empty document', () => {
    expect(readLabels(new Y.Doc()).map((l) => [l.id, l.name, l.preset])).toEqual(
      presetLabels.map((l) => [l.id, l.name, true]),
    );
  });

  it('creates, renames and removes labels; presets can be renamed and removed too', () => {
    const doc = new Y.Doc();
    const vip = saveLabel(doc, { name: ' VIP ', color: 'purple' });
    saveLabel(doc, { id: 'paid', name: 'Pagado', color: 'green' });
    removeLabel(doc, 'new-order');
    const labels = readLabels(doc);
    expect(labels.find((l) => l.id === vip)).toEqual({
      id: vip,
      name: 'VIP',
      color: 'purple',
      preset: false,
    });
    expect(labels.find((l) => l.id === 'paid')).toMatchObject({ name: 'Pagado', preset: false });
    expect(labels.some((l) => l.id === 'new-order')).toBe(false);
    expect(labels).toHaveLength(presetLabels.length);
    removeLabel(doc, vip);
    expect(readLabels(doc).some((l) => l.id === vip)).toBe(false);
    expect(() => saveLabel(doc, { name: '', color: 'blue' })).toThrow();
    expect(() => saveLabel(doc, { name: 'x', color: 'beige' as never })).toThrow();
  });

  it('every colour carries white text at AA contrast', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const v = parseInt(hex.slice(i, i + 2), 16) / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const hex of Object.values(labelColors)) {
      expect(1.05 / (luminance(hex) + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('puts labels on chats; two devices labelling offline keep both', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    setChatLabel(a, 'c1', 'paid', true);
    setChatLabel(b, 'c1', 'new-customer', true);
    merge(a, b);
    expect(readChatLabels(a).get('c1')?.sort()).toEqual(['new-customer', 'paid']);
    setChatLabel(a, 'c1', 'paid', false);
    merge(a, b);
    expect(readChatLabels(b).get('c1')).toEqual(['new-customer']);
    removeLabel(b, 'new-customer');
    expect(readChatLabels(b).get('c1')).toBeUndefined();
    expect(inboxParts(b).chatLabels.size).toBe(0);
  });

  it('names conversation ids', () => {
    expect(conversationIdOf('conv:abc')).toBe('abc');
    expect(conversationIdOf('conv:abc~3')).toBe('abc');
  });
});

describe('notes', () => {
  it('keeps one note per chat; empty removes it; at most 2000 characters', () => {
    const doc = new Y.Doc();
    setNote(doc, 'c1', 'Prefers delivery after 6pm');
    expect(readNotes(doc).get('c1')).toBe('Prefers delivery after 6pm');
    setNote(doc, 'c1', '   ');
    expect(readNotes(doc).has('c1')).toBe(false);
    expect(() => setNote(doc, 'c1', 'x'.repeat(2001))).toThrow();
    setNote(doc, 'c1', 'x'.repeat(2000));
    expect(readNotes(doc).get('c1')).toHaveLength(2000);
  });
});

describe('quick replies', () => {
  it('saves (normalised), renames and removes', () => {
    const doc = new Y.Doc();
    expect(saveQuickReply(doc, { shortcut: '/Thanks', text: ' Thank you! ' })).toBe('thanks');
    saveQuickReply(doc, { shortcut: 'gracias', text: '¡Gracias!' }, 'thanks');
    expect(readQuickReplies(doc)).toEqual([{ shortcut: 'gracias', text: '¡Gracias!' }]);
    removeQuickReply(doc, 'gracias');
    expect(readQuickReplies(doc)).toEqual([]);
    expect(() => saveQuickReply(doc, { shortcut: 'two words', text: 'x' })).toThrow();
    expect(() => saveQuickReply(doc, { shortcut: 'ok', text: '  ' })).toThrow();
  });
});

describe('greeting and away', () => {
  it('reads defaults, then what was set', () => {
    const doc = new Y.Doc();
    expect(readAutoReplies(doc).away).toEqual(awayDefault);
    setGreeting(doc, { enabled: true, text: 'Welcome!' });
    setAway(doc, { enabled: true, text: 'We are closed.', everyHours: 12 });
    expect(readAutoReplies(doc)).toEqual({
      greeting: { enabled: true, text: 'Welcome!' },
      away: { enabled: true, text: 'We are closed.', everyHours: 12 },
    });
    expect(() => setGreeting(doc, { enabled: true, text: ' ' })).toThrow();
    expect(() => setAway(doc, { enabled: true, text: 'x', everyHours: 0 })).toThrow();
  });

  it('greets on the first message only, and is away only when closed', () => {
    const settings = {
      greeting: { enabled: true, text: 'Welcome!' },
      away: { enabled: true, text: 'Closed.', everyHours: 24 },
    };
    expect(autoRepliesDue(settings, { firstContact: true, open: true }).map((d) => d.kind)).toEqual(
      ['greeting'],
    );
    expect(autoRepliesDue(settings, { firstContact: false, open: true })).toEqual([]);
    expect(
      autoRepliesDue(settings, { firstContact: true, open: false }).map((d) => d.kind),
    ).toEqual(['greeting', 'away']);
    expect(autoRepliesDue(settings, { firstContact: false, open: null })).toEqual([]);
    const off = { ...settings, away: { ...settings.away, enabled: false } };
    expect(autoRepliesDue(off, { firstContact: false, open: false })).toEqual([]);
  });
});

describe('checkInboxWrite', () => {
  const doc = new Y.Doc();
  it.each([
    ['labels', 'vip', { name: 'VIP', color: 'red' }, null],
    ['labels', 'paid', null, null],
    ['labels', 'vip', { name: 'VIP', color: 'red', extra: 1 }, 'bad'],
    ['labels', 'vip', { name: 'x'.repeat(31), color: 'red' }, 'bad'],
    ['labels', 'a/b', { name: 'VIP', color: 'red' }, 'bad'],
    ['chatLabels', 'c1/paid', true, null],
    ['chatLabels', 'c1/paid', false, 'bad'],
    ['chatLabels', 'c1', true, 'bad'],
    ['notes', 'c1', 'note', null],
    ['notes', 'c1', 'x'.repeat(2001), 'bad'],
    ['notes', 'c1', 42, 'bad'],
    ['quickReplies', 'hi', 'Hello!', null],
    ['quickReplies', 'hi there', 'Hello!', 'bad'],
    ['quickReplies', 'hi', '', 'bad'],
    ['settings', 'greeting', { enabled: true, text: 'Hi' }, null],
    ['settings', 'greeting', { enabled: true, text: '' }, 'bad'],
    ['settings', 'away', { enabled: false, text: '', everyHours: 24 }, null],
    ['settings', 'away', { enabled: true, text: 'x', everyHours: 1000 }, 'bad'],
    ['settings', 'other', true, 'bad'],
    ['elsewhere', 'k', 1, 'bad'],
  ] as const)('%s[%s] = %j', (root, key, value, expected) => {
    const reason = checkInboxWrite(doc, root, key, value);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toEqual(expect.any(String));
  });

  it('caps the number of labels and quick replies', () => {
    const full = new Y.Doc();
    for (let i = 0; i < 100; i++) inboxParts(full).quickReplies.set(`r${i}`, 'x');
    expect(checkInboxWrite(full, 'quickReplies', 'r100', 'x')).toMatch(/at most/);
    expect(checkInboxWrite(full, 'quickReplies', 'r1', 'changed')).toBeNull();
    for (let i = 0; i < 50; i++) inboxParts(full).labels.set(`l${i}`, { name: 'x', color: 'red' });
    expect(checkInboxWrite(full, 'labels', 'l50', { name: 'x', color: 'red' })).toMatch(/at most/);
  });
});
