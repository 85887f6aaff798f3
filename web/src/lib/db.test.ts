import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDb } from './db.ts';

describe('the device database', () => {
  it('upgrades a version 2 database: message rows lose `refused`, unsent and drafts appear', async () => {
    const old = new Dexie('souk-upgrade');
    old.version(1).stores({
      updates: '++id, doc',
      docs: 'name, pending',
      meta: 'key',
      chats: 'doc, lastAt, kind',
      messages: 'key, [doc+pos], doc',
    });
    old.version(2).stores({ packs: 'businessId' });
    await old.table('messages').put({ key: 'conv:a|m1', doc: 'conv:a', pos: 0, refused: 'no' });
    await old.table('meta').put({ key: 'me', value: { id: 'ana' } });
    old.close();

    const db = openDb('souk-upgrade');
    expect(await db.messages.get('conv:a|m1')).toEqual({ key: 'conv:a|m1', doc: 'conv:a', pos: 0 });
    expect(await db.meta.get('me')).toEqual({ key: 'me', value: { id: 'ana' } });
    expect(await db.unsent.count()).toBe(0);
    expect(await db.drafts.count()).toBe(0);
    expect(db.verno).toBe(5);
    expect(await db.outbox.count()).toBe(0);
  });
});
