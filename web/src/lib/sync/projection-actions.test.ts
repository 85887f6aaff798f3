import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendReply,
  appendText,
  deleteOwnMessage,
  editMessage,
  initConversation,
  react,
} from '@souk/sync';
import { projectConversation } from './projection.ts';
import { carryTickTimes } from './projection-actions.ts';
import type { MessageRow } from '../db.ts';

function chat() {
  const doc = new Y.Doc();
  initConversation(doc, 'private', [
    { id: 'u_me', kind: 'person', phone: '+34600000001' },
    { id: 'u_peer', kind: 'person', phone: '+34600000002' },
  ]);
  return doc;
}
const rows = (doc: Y.Doc) =>
  projectConversation('conv:x', [{ doc, serverState: new Map() }], 'u_me').messages;

describe('the projection of message actions', () => {
  it('shows the last edit, marked edited', () => {
    const doc = chat();
    const sent = appendText(doc, 'u_me', 'hloa', 1);
    editMessage([doc], sent.id, 'u_me', 'hola', 2);
    expect(rows(doc)[0]).toMatchObject({ text: 'hola', edited: true });
  });

  it('groups reactions by emoji and marks mine', () => {
    const doc = chat();
    const sent = appendText(doc, 'u_peer', 'hola', 1);
    react([doc], sent.id, 'u_me', '👍', 2);
    react([doc], sent.id, 'u_peer', '👍', 3);
    expect(rows(doc)[0]!.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
    react([doc], sent.id, 'u_me', null, 4);
    expect(rows(doc)[0]!.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
  });

  it('carries a reply\u2019s quote and a deletion for everyone', () => {
    const doc = chat();
    const first = appendText(doc, 'u_peer', '¿Dónde estás?', 1);
    const mine = appendText(doc, 'u_me', 'oops', 2);
    appendReply([doc], 'u_me', 'En casa', first.id, 3);
    deleteOwnMessage([doc], mine.id, 'u_me', 4);
    const [, deleted, reply] = rows(doc);
    expect(deleted).toMatchObject({ deleted: true, text: '' });
    expect(reply!.reply).toEqual({
      id: first.id,
      author: 'u_peer',
      snapshot: '¿Dónde estás?',
      mine: false,
    });
  });

  it('keeps the time this device first saw its message delivered and read', () => {
    const row = (tick: MessageRow['tick'], times: Partial<MessageRow> = {}) =>
      ({ key: 'k', mine: true, tick, ...times }) as MessageRow;
    const delivered = [row('delivered')];
    carryTickTimes([], delivered, 10);
    expect(delivered[0]).toMatchObject({ deliveredAt: 10 });
    const read = [row('read')];
    carryTickTimes(delivered, read, 20);
    expect(read[0]).toMatchObject({ deliveredAt: 10, readAt: 20 });
    const again = [row('read')];
    carryTickTimes(read, again, 30);
    expect(again[0]).toMatchObject({ deliveredAt: 10, readAt: 20 });
  });
});
