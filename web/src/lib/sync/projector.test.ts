import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { appendText, initConversation, personProfileMap } from '@souk/sync';
import { openDb } from '../db.ts';
import { Projector } from './projector.ts';

let dbs = 0;

/** A personal device's projector over documents held in memory, as the sync engine gives them. */
async function device() {
  const db = openDb(`souk-projector-${dbs++}`);
  const docs = new Map<string, Y.Doc>();
  const open = async (name: string) => {
    if (!docs.has(name)) docs.set(name, new Y.Doc());
    return docs.get(name)!;
  };
  const projector = new Projector({
    app: 'personal',
    db,
    me: 'u_me',
    epochs: async (head) => [await open(head)],
    open,
    serverState: () => new Map(),
  });
  const chat = async (id: string, peer: string) => {
    const doc = await open(`conv:${id}`);
    initConversation(doc, 'private', [
      { id: 'u_me', kind: 'person', phone: '+34600000001' },
      { id: peer, kind: 'person', phone: `+3460000${peer.length}00${id.length}` },
    ]);
    await db.docs.put({ name: `conv:${id}`, pending: 0 });
    return doc;
  };
  return { db, open, projector, chat };
}

describe('Projector', () => {
  it('projects many conversations asked for at once, and a change made meanwhile after them', async () => {
    const { db, projector, chat } = await device();
    const docs = await Promise.all(['a', 'b', 'c'].map((id) => chat(id, `u_${id}`)));
    docs.forEach((doc, i) => appendText(doc, `u_${'abc'[i]}`, `hola ${i}`, 1));
    for (const id of ['a', 'b', 'c']) void projector.project(`conv:${id}`);
    // While that batch is read and written, another message arrives in the first chat.
    await Promise.resolve();
    await Promise.resolve();
    appendText(docs[0]!, 'u_a', 'one more', 2);
    await projector.project('conv:a');
    expect(
      (await db.messages.where('doc').equals('conv:a').sortBy('pos')).map((m) => m.text),
    ).toEqual(['hola 0', 'one more']);
    expect(await db.chats.count()).toBe(3);
    expect(await db.search.count()).toBe(4);
  });

  it('writes only the rows that changed, and names a chat again when the peer renames', async () => {
    const { db, open, projector, chat } = await device();
    const doc = await chat('a', 'u_ana');
    for (let i = 0; i < 5; i++) appendText(doc, 'u_ana', `message ${i}`, i);
    await projector.project('conv:a');
    const written: string[] = [];
    db.messages.hook('creating', (key) => void written.push(String(key)));
    db.messages.hook('updating', (_changes, key) => void written.push(String(key)));
    appendText(doc, 'u_ana', 'the sixth', 6);
    await projector.project('conv:a');
    expect(written).toHaveLength(1);
    expect(await db.messages.count()).toBe(6);

    personProfileMap(await open('person:u_ana')).set('name', 'Ana');
    await projector.reprojectChatsWith('u_ana');
    await projector.project('conv:a');
    expect((await db.chats.get('conv:a'))?.peerLabel).toBe('Ana');
    await projector.reprojectChatsWith('u_nobody');
    expect((await db.chats.get('conv:a'))?.peerLabel).toBe('Ana');
  });

  it('names a chat again from its peer’s profile without reading its messages, as a projection would', async () => {
    const { db, open, projector, chat } = await device();
    const doc = await chat('a', 'u_ana');
    appendText(doc, 'u_ana', 'hola', 1);
    await projector.project('conv:a');
    const before = await db.chats.get('conv:a');
    const reads = vi.spyOn(db.messages, 'where');
    const profile = personProfileMap(await open('person:u_ana'));
    profile.set('name', 'Ana');
    profile.set('photo', '/media/ana-photo.webp');
    await projector.reprojectChatsWith('u_ana');
    expect(reads).not.toHaveBeenCalled();
    const renamed = await db.chats.get('conv:a');
    expect(renamed).toEqual({ ...before, peerLabel: 'Ana', peerPhoto: '/media/ana-photo.webp' });
    expect(renamed?.peerPhone).toBe(before?.peerLabel);
    // A whole projection writes the same row.
    await projector.project('conv:a');
    expect(await db.chats.get('conv:a')).toEqual(renamed);
  });
});
