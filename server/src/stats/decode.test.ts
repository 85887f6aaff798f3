import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, raiseReceipt } from '@souk/sync';
import { decodeConversationUpdate } from './decode.ts';

describe('decodeConversationUpdate', () => {
  it('finds messages and receipts with the client that wrote them, even without their key', () => {
    const doc = new Y.Doc();
    doc.clientID = 7;
    appendText(doc, 'shop', 'Hello', 1000);
    raiseReceipt(doc, 'ana', { d: 1 });
    const before = Y.encodeStateVector(doc);
    // The second receipt has a left neighbour: its key is not in the update.
    raiseReceipt(doc, 'ana', { d: 2, r: 2 });
    const later = decodeConversationUpdate(Y.encodeStateAsUpdate(doc, before));
    expect(later.messages).toEqual([]);
    expect(later.receipts).toEqual([{ client: 7, receipt: { d: 2, r: 2 } }]);

    const all = decodeConversationUpdate(Y.encodeStateAsUpdate(doc));
    expect(all.messages.map((m) => m.author)).toEqual(['shop']);
    // Overwritten receipts are garbage-collected: only the latest remains.
    expect(all.receipts).toEqual([{ client: 7, receipt: { d: 2, r: 2 } }]);
  });

  it('yields nothing for a malformed update', () => {
    expect(decodeConversationUpdate(new Uint8Array([1, 2, 3]))).toEqual({
      messages: [],
      receipts: [],
    });
  });
});
