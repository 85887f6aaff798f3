/**
 * A conversation's messages written the way two devices write them: the two people take turns,
 * so the history has one Yjs item per message as a real chat does. Each message is the update
 * its author's device would send; they must reach the server in this order (each message sits
 * after the one before it, whoever wrote that).
 */
import * as Y from 'yjs';
import { appendText } from '@souk/sync';

export interface HistoryUpdate {
  /** 0: the first person, 1: the second. */
  by: 0 | 1;
  update: Uint8Array;
}

export function chatHistory(a: string, b: string, count: number): HistoryUpdate[] {
  const doc = new Y.Doc();
  const updates: HistoryUpdate[] = [];
  const clients = [new Y.Doc().clientID, new Y.Doc().clientID];
  const started = Date.now() - count * 1000;
  for (let i = 0; i < count; i++) {
    const by = (i % 2) as 0 | 1;
    // One client id per author, as on two devices.
    doc.clientID = clients[by]!;
    const before = Y.encodeStateVector(doc);
    appendText(doc, by === 0 ? a : b, `message ${i} of a benchmark chat`, started + i * 1000);
    updates.push({ by, update: Y.encodeStateAsUpdate(doc, before) });
  }
  doc.destroy();
  return updates;
}
