import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, initConversation, raiseReceipt } from '@souk/sync';
import { projectConversation } from './projection.ts';

function chat() {
  const doc = new Y.Doc();
  initConversation(doc, 'private', [
    { id: 'u_me', kind: 'person', phone: '+34600000001' },
    { id: 'u_peer', kind: 'person', phone: '+34600000002' },
  ]);
  return doc;
}

describe('projectConversation', () => {
  it('counts unread messages from the peer above my read watermark', () => {
    const doc = chat();
    appendText(doc, 'u_peer', 'one', 1);
    appendText(doc, 'u_peer', 'two', 2);
    appendText(doc, 'u_me', 'mine', 3);
    expect(
      projectConversation('conv:x', [{ doc, serverState: new Map() }], 'u_me').chat,
    ).toMatchObject({
      peerLabel: '+34600000002',
      lastText: 'mine',
      unread: 2,
    });
    raiseReceipt(doc, 'u_me', { r: 1 });
    expect(
      projectConversation('conv:x', [{ doc, serverState: new Map() }], 'u_me').chat?.unread,
    ).toBe(1);
  });

  it('gives my messages ticks: pending, sent once the server has them, then delivered and read', () => {
    const doc = chat();
    appendText(doc, 'u_me', 'hola', 1);
    const tick = (server: Map<number, number>) =>
      projectConversation('conv:x', [{ doc, serverState: server }], 'u_me').messages[0]!.tick;
    expect(tick(new Map())).toBe('pending');
    const stored = Y.decodeStateVector(Y.encodeStateVector(doc));
    expect(tick(stored)).toBe('stored');
    raiseReceipt(doc, 'u_peer', { d: 1 });
    expect(tick(stored)).toBe('delivered');
    raiseReceipt(doc, 'u_peer', { r: 1 });
    expect(tick(stored)).toBe('read');
  });
});

describe('delete for me', () => {
  it('leaves hidden messages out of the rows, the unread count and the chat list', () => {
    const doc = chat();
    appendText(doc, 'u_peer', 'one', 1);
    const hidden = appendText(doc, 'u_peer', 'the secret', 2);
    const { chat: row, messages } = projectConversation(
      'conv:x',
      [{ doc, serverState: new Map() }],
      'u_me',
      new Set([hidden.id]),
    );
    expect(messages.map((m) => m.text)).toEqual(['one']);
    expect(row).toMatchObject({ lastText: 'one', unread: 1 });
  });
});

describe('the customer window', () => {
  it('gives a business the server receive time of the customer message that opens its window', () => {
    const doc = new Y.Doc();
    initConversation(doc, 'business', [
      { id: 'u_customer', kind: 'person', phone: '+34600000002' },
      { id: 'b_shop', kind: 'business', name: 'Shop' },
    ]);
    const asked = appendText(doc, 'u_customer', 'Open today?', 1_000);
    appendText(doc, 'b_shop', 'Yes', 9_000);
    appendText(doc, 'u_customer', 'STOP', 10_000); // an opt-out opens no window
    conversationParts(doc).received.set(asked.id, 5_000);
    const project = (me: string) =>
      projectConversation('conv:x', [{ doc, serverState: new Map() }], me).chat;
    expect(project('b_shop')?.customerLastAt).toBe(5_000);
    // The customer's own app has no window to show.
    expect(project('u_customer')).not.toHaveProperty('customerLastAt');
  });
});

describe('epochs', () => {
  it('reads messages across epochs in order, with receipts from the head', () => {
    const head = chat();
    appendText(head, 'u_peer', 'first', 1);
    const next = new Y.Doc();
    appendText(next, 'u_peer', 'second', 2, [head]);
    const { chat: row, messages } = projectConversation(
      'conv:x',
      [
        { doc: head, serverState: new Map() },
        { doc: next, serverState: new Map() },
      ],
      'u_me',
    );
    expect(messages.map((m) => m.text)).toEqual(['first', 'second']);
    expect(row).toMatchObject({ lastText: 'second', unread: 2 });
    raiseReceipt(head, 'u_me', { r: 2 });
    expect(
      projectConversation(
        'conv:x',
        [
          { doc: head, serverState: new Map() },
          { doc: next, serverState: new Map() },
        ],
        'u_me',
      ).chat?.unread,
    ).toBe(0);
  });
});
