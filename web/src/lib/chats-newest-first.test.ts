import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { expect, it } from 'vitest';
import { openDb, type ChatRow } from './db.ts';
import { chatsNewestFirst } from './chats-newest-first.ts';

const chat = (doc: string, lastAt: number): ChatRow => ({
  doc,
  kind: 'private',
  peerId: doc,
  peerLabel: doc,
  lastText: '',
  lastAt,
  unread: 0,
});

it('lists every chat newest first and follows changes to any of them', async () => {
  const db = openDb('chats-newest-first');
  await db.chats.bulkPut([chat('conv:a', 20), chat('conv:b', 30), chat('conv:c', 20)]);
  const seen: string[][] = [];
  let wake = () => {};
  const subscription = liveQuery(() => chatsNewestFirst(db)).subscribe((rows) => {
    seen.push(rows.map((row) => row.doc));
    wake();
  });
  const next = () => new Promise<void>((resolve) => (wake = resolve));
  await next();
  // Equal times keep the index's order read backwards (the later key first).
  expect(seen.at(-1)).toEqual(['conv:b', 'conv:c', 'conv:a']);
  let arriving = next();
  await db.chats.update('conv:a', { lastAt: 40 });
  await arriving;
  expect(seen.at(-1)).toEqual(['conv:a', 'conv:b', 'conv:c']);
  arriving = next();
  await db.chats.delete('conv:b');
  await arriving;
  expect(seen.at(-1)).toEqual(['conv:a', 'conv:c']);
  subscription.unsubscribe();
  db.close();
});
