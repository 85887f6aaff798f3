import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { raiseReceipt, type Actor } from '@souk/sync';
import { receiptsIn, withReceiptTimes } from './receipt-times.ts';

const person: Actor = { id: 'u_bob', kind: 'person' };

/** The update `change` makes to `doc`. */
function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('receipt times', () => {
  it('finds a receipt in an update, also when Yjs leaves its key out (an overwrite)', () => {
    const doc = new Y.Doc();
    const first = updateOf(doc, (d) => raiseReceipt(d, 'u_bob', { d: 3 }));
    const second = updateOf(doc, (d) => raiseReceipt(d, 'u_bob', { d: 5, r: 4 }));
    expect(receiptsIn(first)).toEqual([{ d: 3, r: 0 }]);
    expect(receiptsIn(second)).toEqual([{ d: 5, r: 4 }]);
    expect(receiptsIn(new Uint8Array([1, 2, 3]))).toEqual([]);
  });

  it('records only a party’s receipts in a conversation head', () => {
    const update = updateOf(new Y.Doc(), (d) => raiseReceipt(d, 'u_bob', { d: 1 }));
    const of = (doc: string, actor: Actor = person) => withReceiptTimes({ doc, update, actor }, 1);
    expect(of('conv:abc')).toBeTypeOf('function');
    expect(of('conv:abc~2')).toBeUndefined();
    expect(of('prefs:u_bob')).toBeUndefined();
    expect(of('conv:abc', { id: 'platform', kind: 'platform' })).toBeUndefined();
    const text = updateOf(new Y.Doc(), (d) => d.getArray('messages').push([{ text: 'hi' }]));
    expect(withReceiptTimes({ doc: 'conv:abc', update: text, actor: person }, 1)).toBeUndefined();
  });
});
