import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb, type MessageRow, type SoukDb } from '../db.ts';
import { backfillSearch, reindexMessage, unindexMessages } from './search-index.ts';
import { searchChats, searchMessages } from './search-query.ts';
import { writeRows } from '../sync/row-changes.ts';

let dbs = 0;
const freshDb = () => openDb(`souk-search-${dbs++}`);

function message(
  doc: string,
  pos: number,
  text: string,
  extra: Partial<MessageRow> = {},
): MessageRow {
  const id = `m${pos}`;
  return {
    key: `${doc}|${id}`,
    doc,
    pos,
    id,
    author: 'u_ana',
    mine: false,
    at: 1_700_000_000_000 + pos * 60_000,
    text,
    tick: null,
    ...extra,
  };
}

/** Stores a conversation's rows and indexes them, as the projector does. */
async function project(db: SoukDb, doc: string, rows: MessageRow[]): Promise<void> {
  await db.transaction('rw', db.messages, db.search, () =>
    writeRows(db, [{ doc, rows }], { index: true }),
  );
}

const texts = async (db: SoukDb, query: string) =>
  (await searchMessages(db, query)).hits.map((hit) => hit.row.text);

describe('the search index', () => {
  it('finds messages by word beginnings, ignoring case and accents, newest first', async () => {
    const db = freshDb();
    await db.chats.put({
      doc: 'conv:a',
      kind: 'private',
      peerId: 'u_ana',
      peerLabel: 'Ana Muñoz',
      lastText: '',
      lastAt: 0,
      unread: 0,
    });
    await project(db, 'conv:a', [
      message('conv:a', 0, 'Nos vemos en el Café Sol'),
      message('conv:a', 1, 'El pedido 4821 ya salió'),
      message('conv:a', 2, 'CAFE con leche, por favor'),
      message('conv:a', 3, 'descafeinado no'),
    ]);
    expect(await texts(db, 'cafe')).toEqual([
      'CAFE con leche, por favor',
      'Nos vemos en el Café Sol',
    ]);
    expect(await texts(db, 'Café')).toEqual(await texts(db, 'cafe'));
    expect(await texts(db, 'caf sol')).toEqual(['Nos vemos en el Café Sol']);
    expect(await texts(db, 'pedido 48')).toEqual(['El pedido 4821 ya salió']);
    expect(await texts(db, 'salio pedido')).toEqual(['El pedido 4821 ya salió']);
    expect(await texts(db, 'feinado')).toEqual([]);
    expect(await texts(db, '  ¿? ')).toEqual([]);
    const [hit] = (await searchMessages(db, 'leche')).hits;
    expect(hit?.chat).toBe('Ana Muñoz');
  });

  it('indexes captions, document and contact names, and no system messages', async () => {
    const db = freshDb();
    await project(db, 'conv:b', [
      message('conv:b', 0, 'Foto del menú', {
        image: { url: '/m/1', thumb: '/m/1t', width: 10, height: 10 },
      }),
      message('conv:b', 1, 'Document: Factura-Marzo.pdf', {
        everyday: {
          id: 'm1',
          author: 'u_ana',
          n: 2,
          at: 0,
          kind: 'document',
          media: { id: 'x', url: '/m/2', size: 100, mime: 'application/pdf' },
          name: 'Factura-Marzo.pdf',
          caption: 'la del taller',
        } as unknown as MessageRow['everyday'],
      }),
      message('conv:b', 2, 'You will no longer receive messages', { system: true }),
    ]);
    expect(await texts(db, 'menu')).toEqual(['Foto del menú']);
    expect(await texts(db, 'factura')).toEqual(['Document: Factura-Marzo.pdf']);
    expect(await texts(db, 'taller')).toEqual(['Document: Factura-Marzo.pdf']);
    expect(await texts(db, 'document')).toEqual([]);
    expect(await texts(db, 'receive')).toEqual([]);
  });

  it('follows edits, deletes and hidden messages when the conversation is projected again', async () => {
    const db = freshDb();
    const rows = [
      message('conv:c', 0, 'Mi dirección es Calle Mayor 5'),
      message('conv:c', 1, 'Gracias'),
    ];
    await project(db, 'conv:c', rows);
    expect(await db.search.count()).toBe(2);
    // Edited: the old words go, the new ones come.
    await project(db, 'conv:c', [{ ...rows[0]!, text: 'Mi dirección es Plaza Sol 2' }, rows[1]!]);
    expect(await texts(db, 'mayor')).toEqual([]);
    expect(await texts(db, 'plaza')).toEqual(['Mi dirección es Plaza Sol 2']);
    // Deleted for everyone (a stub without text), then hidden (no longer a row).
    await project(db, 'conv:c', [{ ...rows[0]!, text: '' }, rows[1]!]);
    expect(await texts(db, 'plaza')).toEqual([]);
    await project(db, 'conv:c', [rows[0]!]);
    expect(await texts(db, 'gracias')).toEqual([]);
    expect(await db.search.count()).toBe(1);
  });

  it('writes several conversations at once, each kept to its own rows', async () => {
    const db = freshDb();
    const write = (conversations: Array<{ doc: string; rows: MessageRow[] }>) =>
      db.transaction('rw', db.messages, db.search, () =>
        writeRows(db, conversations, { index: true }),
      );
    const a = Array.from({ length: 30 }, (_, i) => message('conv:x', i, `pedido ${i}`));
    const b = Array.from({ length: 30 }, (_, i) => message('conv:y', i, `factura ${i}`));
    await write([
      { doc: 'conv:x', rows: a },
      { doc: 'conv:y', rows: b },
    ]);
    expect(await db.messages.count()).toBe(60);
    // One conversation edited and shortened, the other given a message more, together.
    await write([
      { doc: 'conv:x', rows: [{ ...a[0]!, text: 'entregado' }, a[1]!] },
      { doc: 'conv:y', rows: [...b, message('conv:y', 30, 'recibo')] },
    ]);
    expect(await db.messages.where('doc').equals('conv:x').count()).toBe(2);
    expect(await db.messages.where('doc').equals('conv:y').count()).toBe(31);
    expect(await texts(db, 'pedido')).toEqual(['pedido 1']);
    expect(await texts(db, 'entregado')).toEqual(['entregado']);
    expect(await texts(db, 'recibo')).toEqual(['recibo']);
    expect(await db.search.count()).toBe(33);
  });

  it('reindexes or drops one message outside a projection', async () => {
    const db = freshDb();
    const row = message('conv:d', 0, 'hasta mañana');
    await project(db, 'conv:d', [row]);
    await reindexMessage(db, { ...row, text: 'hasta el lunes' });
    expect(await texts(db, 'manana')).toEqual([]);
    expect(await db.search.where('w').equals('lunes').count()).toBe(1);
    await unindexMessages(db, [row.key]);
    expect(await db.search.count()).toBe(0);
  });

  it('backfills the messages stored before the index, once', async () => {
    const db = freshDb();
    await db.messages.bulkPut([
      message('conv:e', 0, 'Old café talk'),
      message('conv:f', 0, 'Otro café'),
    ]);
    await backfillSearch(db);
    expect(await texts(db, 'cafe')).toEqual(['Otro café', 'Old café talk']);
    // Marked done: rows stored later without a projection are not picked up by a second run.
    await db.messages.put(message('conv:g', 0, 'café tardío'));
    await backfillSearch(db);
    expect(await db.search.count()).toBe(2);
  });

  it('shows the newest matches up to the limit and says there are more', async () => {
    const db = freshDb();
    await project(
      db,
      'conv:h',
      Array.from({ length: 120 }, (_, i) => message('conv:h', i, `pedido número ${i}`)),
    );
    const { hits, more } = await searchMessages(db, 'pedido', 50);
    expect(hits).toHaveLength(50);
    expect(more).toBe(true);
    expect(hits[0]!.row.text).toBe('pedido número 119');
    const short = await searchMessages(db, 'pedido 7', 50);
    expect(short.hits.map((h) => h.row.text)).toEqual([
      'pedido número 79',
      'pedido número 78',
      'pedido número 77',
      'pedido número 76',
      'pedido número 75',
      'pedido número 74',
      'pedido número 73',
      'pedido número 72',
      'pedido número 71',
      'pedido número 70',
      'pedido número 7',
    ]);
    expect(short.more).toBe(false);
  });

  it('finds chats by name or phone digits', () => {
    const chat = (doc: string, peerLabel: string) => ({
      doc,
      kind: 'private' as const,
      peerId: doc,
      peerLabel,
      lastText: '',
      lastAt: 0,
      unread: 0,
    });
    const chats = [chat('a', 'José Pérez'), chat('b', '+34 612 345 678'), chat('c', 'Café Sol')];
    expect(searchChats(chats, 'jose').map((c) => c.doc)).toEqual(['a']);
    expect(searchChats(chats, 'perez jo').map((c) => c.doc)).toEqual(['a']);
    expect(searchChats(chats, '345 678').map((c) => c.doc)).toEqual(['b']);
    expect(searchChats(chats, '2345').map((c) => c.doc)).toEqual(['b']);
    expect(searchChats(chats, 'cafe').map((c) => c.doc)).toEqual(['c']);
    expect(searchChats(chats, 'ana').map((c) => c.doc)).toEqual([]);
  });
});
