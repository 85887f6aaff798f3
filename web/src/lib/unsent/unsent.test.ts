/**
 * Refused means kept: a conversation the server refuses a message in is rolled back to the
 * server's copy (never erased), the message waits in Dexie's unsent list with its reason code,
 * and Retry sends it as a new message. Real SyncClient and Dexie store (fake-indexeddb), over the
 * in-memory test server.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, plainText, SyncClient } from '@souk/sync';
import { ManualTimers, TestServer } from '@souk/sync/testing';
import { openDb, type MessageRow, type UnsentRow } from '../db.ts';
import { DexieDocStore } from '../sync/dexie-doc-store.ts';
import { keepUnsent, retryUnsent } from './unsent.ts';
import { refusalText } from './refusal-text.ts';
import { loadCatalogue, loadPart } from '../i18n/catalogues.ts';
import { timeline } from './timeline.ts';
import { loadDraft, saveDraft } from './drafts.ts';

const chat = 'conv:shop';
const texts = (doc: Y.Doc) => conversationParts(doc).messages.toArray().map(plainText);
let databases = 0;

function device() {
  const name = `souk-unsent-${++databases}`;
  const db = openDb(name);
  const server = new TestServer('shop');
  const client = new SyncClient({
    url: 'ws://test/sync',
    store: new DexieDocStore(db),
    createSocket: server.createSocket,
    timers: new ManualTimers(),
    keepRefused: async (refusal) => void (await keepUnsent(db, refusal, 'shop', 1000)),
  });
  const flush = async () => {
    do await client.settled();
    while (server.pump() > 0);
    await client.settled();
  };
  return { name, db, server, client, flush };
}

describe('unsent messages', () => {
  it('keeps a refused message with its reason, rolls the chat back, and Retry sends it anew', async () => {
    const { name, db, server, client, flush } = device();
    server.write(chat, (doc) => appendText(doc, 'cus', 'Roses for Friday?', 1));
    let windowOpen = false;
    server.refuse = () => (windowOpen ? null : { kind: 'not_delivered', code: 'outside_window' });
    client.start();
    await flush();
    const doc = await client.open(chat);
    const refused = appendText(doc, 'shop', 'Also 20% off tulips', 2);
    await flush();

    const [row, ...more] = await db.unsent.toArray();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ key: `${chat}|${refused.id}`, doc: chat, code: 'outside_window' });
    expect(row!.message).toEqual(refused);
    const kept = await client.open(chat);
    expect(texts(kept)).toEqual(['Roses for Friday?']);
    // The refused chat is still on the device, as the server has it.
    const reopened = new DexieDocStore(openDb(name));
    expect(texts(await reopened.open(chat))).toEqual(['Roses for Friday?']);

    windowOpen = true;
    await retryUnsent(db, row!, [kept], 3000);
    await flush();
    const stored = conversationParts(server.doc(chat)).messages.toArray();
    expect(stored.map(plainText)).toEqual(['Roses for Friday?', 'Also 20% off tulips']);
    expect(stored[1]!.id).not.toBe(refused.id);
    expect(stored[1]!.at).toBe(3000);
    expect(await db.unsent.count()).toBe(0);
  });

  it('refused again, a retried message comes back under its new id; Delete removes it', async () => {
    const { db, server, client, flush } = device();
    server.refuse = () => ({
      kind: 'not_delivered',
      code: 'blocked_by_recipient',
      details: { field: 'kept' },
    });
    client.start();
    await flush();
    appendText(await client.open(chat), 'shop', 'hola', 2);
    await flush();
    const [first] = await db.unsent.toArray();
    await retryUnsent(db, first!, [await client.open(chat)], 3000);
    await flush();
    const [second, ...more] = await db.unsent.toArray();
    expect(more).toEqual([]);
    expect(second!.key).not.toBe(first!.key);
    expect(second!.code).toBe('blocked_by_recipient');
    expect(second!.details).toEqual({ field: 'kept' });
    await db.unsent.delete(second!.key);
    expect(await db.unsent.count()).toBe(0);
    expect(texts(await client.open(chat))).toEqual([]);
  });
});

describe('refusal codes', () => {
  beforeAll(async () => {
    await loadCatalogue('es');
    await loadPart('refusal', 'es');
  });

  it('read in each language; a stored code this app does not know reads as the generic one', () => {
    expect(refusalText('outside_window', 'es')).not.toBe(refusalText('outside_window', 'en'));
    expect(refusalText('forbidden', 'es')).toBe(refusalText('unknown', 'es'));
    expect(refusalText('a_code_from_a_newer_server', 'en')).toBe(refusalText('unknown', 'en'));
  });
});

describe('timeline', () => {
  const message = (key: string, at: number) => ({ key, at }) as MessageRow;
  const unsent = (key: string, at: number) => ({ key, message: { at } }) as UnsentRow;

  it('places each unsent message after the messages written before it', () => {
    const items = timeline(
      [message('a', 1), message('b', 5), message('c', 9)],
      [unsent('late', 10), unsent('mid', 6)],
    );
    expect(items.map((item) => item.key)).toEqual(['a', 'b', 'unsent|mid', 'c', 'unsent|late']);
  });
});

describe('drafts', () => {
  it('keep what was typed per chat across a restart, and an empty composer leaves none', async () => {
    const name = `souk-drafts-${++databases}`;
    await saveDraft(openDb(name), chat, 'half a thought');
    await saveDraft(openDb(name), 'conv:other', 'other');
    expect(await loadDraft(openDb(name), chat)).toBe('half a thought');
    await saveDraft(openDb(name), chat, '  ');
    expect(await loadDraft(openDb(name), chat)).toBe('');
    expect(await loadDraft(openDb(name), 'conv:other')).toBe('other');
  });
});
