import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, plainText } from '../docs/conversation.ts';
import { appendAgain, refusedMessages } from './refused-messages.ts';
import { stateOf } from './state-vectors.ts';

describe('refused messages', () => {
  it('are the author’s own messages the server does not have', () => {
    const server = new Y.Doc();
    appendText(server, 'bea', 'from bea', 1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    appendText(doc, 'ana', 'stored', 2);
    const serverState = stateOf(doc);
    const first = appendText(doc, 'ana', 'refused one', 3);
    const second = appendText(doc, 'ana', 'refused two', 4);
    expect(refusedMessages(doc, serverState, 'ana')).toEqual([first, second]);
    expect(refusedMessages(doc, stateOf(doc), 'ana')).toEqual([]);
  });

  it('go again with a new id, number and time, the rest unchanged', () => {
    const doc = new Y.Doc();
    const refused = appendText(doc, 'ana', 'hola', 1);
    const kept = new Y.Doc(); // the rolled-back copy: the refused message is gone
    appendText(kept, 'ana', 'earlier', 1);
    const again = appendAgain(kept, refused, 50);
    expect(again).toMatchObject({ author: 'ana', kind: 'text', text: 'hola', at: 50, n: 2 });
    expect(again.id).not.toBe(refused.id);
    expect(conversationParts(kept).messages.toArray().map(plainText)).toEqual(['earlier', 'hola']);
  });
});
