import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, editMessage, raiseReceipt, react } from '@souk/sync';
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
      actions: [],
    });
  });

  it('finds reactions, edits and stubs, keyed by what they are', () => {
    const doc = new Y.Doc();
    doc.clientID = 9;
    const message = appendText(doc, 'ana', 'helo', 1000);
    react([doc], message.id, 'shop', '👍', 1001);
    editMessage([doc], message.id, 'ana', 'hello', 1002);
    const found = decodeConversationUpdate(Y.encodeStateAsUpdate(doc)).actions;
    expect(found).toEqual([
      { action: 'reaction', key: 'reaction:9:1', client: 9, at: 1001 },
      {
        action: 'edit',
        key: 'edit:9:2',
        edit: { id: message.id, by: 'ana', text: 'hello', at: 1002 },
      },
    ]);
    const stub = { id: message.id, author: 'ana', n: 1, at: 1000, kind: 'deleted', deleted: 5 };
    const other = new Y.Doc();
    other.getArray('messages').push([stub]);
    const decoded = decodeConversationUpdate(Y.encodeStateAsUpdate(other));
    expect(decoded.actions).toEqual([
      { action: 'deletion', key: `deletion:${message.id}`, message: stub },
    ]);
    expect(decoded.messages).toEqual([stub]); // it stands for its message in a recount
  });
});
