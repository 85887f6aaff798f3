/**
 * Devices render a conversation by its rules, so stored data that breaks them (written before the
 * server enforced them, or forged into a device's own store) never shows a forged edit, deletion
 * or reordering.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendText,
  conversationParts,
  deleteForEveryone,
  type Message,
  type TextMessage,
} from './conversation.ts';
import { readChat } from './chat-rules.ts';

const alice = 'u_alice';
const bob = 'u_bob';

const text = (id: string, author: string, body: string, n = 1): TextMessage => ({
  id,
  author,
  n,
  at: 1000,
  kind: 'text',
  text: body,
});

const everythingStored = () => true;
const shown = (docs: Y.Doc[], stored: Parameters<typeof readChat>[1] = everythingStored) =>
  readChat(docs, stored).map((row) => ({
    text: (row.entry.message as Message & { text: string }).text,
    author: row.entry.message.author,
    deleted: row.deleted,
  }));

describe('readChat', () => {
  it('shows a second message with an existing id nowhere, never as an edit', () => {
    const doc = new Y.Doc();
    const { messages } = conversationParts(doc);
    messages.push([text('m_original', alice, 'meet at 5')]);
    messages.push([text('m_original', bob, 'meet at 9')]);
    expect(shown([doc])).toEqual([{ text: 'meet at 5', author: alice, deleted: false }]);
  });

  it('ignores a copy of an id in a later epoch', () => {
    const head = new Y.Doc();
    const epoch1 = new Y.Doc();
    conversationParts(head).messages.push([text('m_original', alice, 'meet at 5')]);
    conversationParts(epoch1).messages.push([text('m_original', bob, 'meet at 9')]);
    expect(shown([head, epoch1]).map((m) => m.text)).toEqual(['meet at 5']);
  });

  it('applies a tombstone of the author, in the message’s epoch or, naming its author, a later one', () => {
    const head = new Y.Doc();
    const epoch1 = new Y.Doc();
    conversationParts(head).messages.push([
      text('m_one', alice, 'one'),
      text('m_two', alice, 'two', 2),
    ]);
    conversationParts(head).deleted.set('m_one', { at: 2000 });
    deleteForEveryone(epoch1, 'm_two', alice, 2000);
    expect(shown([head, epoch1]).map((m) => m.deleted)).toEqual([true, true]);
  });

  it('ignores a tombstone from anyone but the author', () => {
    const head = new Y.Doc();
    const epoch1 = new Y.Doc();
    conversationParts(head).messages.push([
      text('m_one', alice, 'one'),
      text('m_two', alice, 'two', 2),
    ]);
    conversationParts(head).deleted.set('m_one', { at: 2000, by: bob });
    // Without `by`, a tombstone outside the message's own epoch was never checked.
    conversationParts(epoch1).deleted.set('m_two', { at: 2000 });
    expect(shown([head, epoch1]).map((m) => m.deleted)).toEqual([false, false]);
  });

  it('ignores a tombstone whose id names more than one message', () => {
    const doc = new Y.Doc();
    const { messages, deleted } = conversationParts(doc);
    // Bob's copy of Alice's id, then "his" tombstone for it: Alice's message must stay.
    messages.push([text('m_original', alice, 'meet at 5'), text('m_original', bob, 'x')]);
    deleted.set('m_original', { at: 2000 });
    expect(shown([doc])).toEqual([{ text: 'meet at 5', author: alice, deleted: false }]);
  });

  it('orders by the server’s receive time, not by place in the array or the author’s clock', () => {
    const doc = new Y.Doc();
    const { messages, received } = conversationParts(doc);
    messages.push([text('m_first', alice, 'first')]);
    // Bob's message put at the very start, with an early `at`, but received later.
    messages.insert(0, [{ ...text('m_late', bob, 'late'), at: 1 }]);
    received.set('m_first', 5000);
    received.set('m_late', 6000);
    expect(shown([doc]).map((m) => m.text)).toEqual(['first', 'late']);
  });

  it('shows pending messages last, and unstamped stored ones where they were', () => {
    const doc = new Y.Doc();
    const { messages, received } = conversationParts(doc);
    messages.push([text('m_old', alice, 'from before receive times')]);
    const pending = appendText(doc, alice, 'pending', 1);
    messages.push([text('m_new', bob, 'stamped', 1)]);
    received.set('m_new', 5000);
    const stored = (_epoch: number, entry: { message: Message }) => entry.message.id !== pending.id;
    expect(shown([doc], stored).map((m) => m.text)).toEqual([
      'from before receive times',
      'stamped',
      'pending',
    ]);
  });
});
