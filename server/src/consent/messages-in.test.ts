import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, raiseReceipt } from '@souk/sync';
import { messagesIn } from './messages-in.ts';

const now = 1_700_000_000_000;

describe('messagesIn', () => {
  it('finds the messages an update appends, and only those', () => {
    const doc = new Y.Doc();
    appendText(doc, 'u_ana', 'first', now);
    const before = Y.encodeStateVector(doc);
    const second = appendText(doc, 'u_ana', 'second', now);
    const third = appendText(doc, 'u_ana', 'third', now);
    raiseReceipt(doc, 'u_ana', { d: 2 });
    expect(messagesIn(Y.encodeStateAsUpdate(doc, before))).toEqual([second, third]);
  });

  it('finds none in receipts, tombstones or garbage', () => {
    const doc = new Y.Doc();
    raiseReceipt(doc, 'u_ana', { d: 1, r: 1 });
    conversationParts(doc).deleted.set('abcdefgh12', { at: now });
    expect(messagesIn(Y.encodeStateAsUpdate(doc))).toEqual([]);
    expect(messagesIn(new Uint8Array([1, 2, 3, 4, 5]))).toEqual([]);
  });
});
