import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteForMe, preferencesMap } from '@souk/sync';
import { HiddenWatch, hiddenIn } from './hidden-messages.ts';

describe('delete for me', () => {
  it('reads a conversation’s hidden messages and tells which conversations changed', () => {
    const prefs = new Y.Doc();
    const watch = new HiddenWatch();
    expect(watch.changed(prefs)).toEqual([]);
    deleteForMe(prefs, 'chatA', 'message-0001');
    deleteForMe(prefs, 'chatB', 'message-0002');
    expect(watch.changed(prefs).sort()).toEqual(['conv:chatA', 'conv:chatB']);
    preferencesMap(prefs).set('readReceipts', false);
    expect(watch.changed(prefs)).toEqual([]);
    deleteForMe(prefs, 'chatA', 'message-0003');
    expect(watch.changed(prefs)).toEqual(['conv:chatA']);
    expect(hiddenIn(prefs, 'conv:chatA')).toEqual(new Set(['message-0001', 'message-0003']));
  });
});
