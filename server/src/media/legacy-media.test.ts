/**
 * Migration 0015's data step on a real (embedded) database: uploads from before private media
 * are sorted by what refers to them — a business profile or a template keeps an image public, a
 * chat's history binds it to that chat (old messages keep their photos for the members only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../db/open.ts';
import { docMembers, docSnapshots, docUpdates, media, mediaChats } from '../db/schema.ts';
import { sortLegacyMedia } from './legacy-media.ts';
import { MediaMembership } from './membership.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
});
afterAll(() => database.close());

const hash = (c: string) => c.repeat(32);
const url = (c: string) => `/media/${hash(c)}.webp`;

function updateWith(root: string, value: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray(root).push([value]);
  return Y.encodeStateAsUpdate(doc);
}

describe('sorting media stored before it was private', () => {
  it('binds chat photos to the chats naming them and keeps profile photos public', async () => {
    const { db } = database;
    const image = { id: 'm1', kind: 'image', url: url('a'), thumb: url('b') };
    await db.insert(docUpdates).values([
      { seq: 1, doc: 'conv:c1', data: updateWith('messages', image), createdAt: 1 },
      { seq: 2, doc: 'profile:shop', data: updateWith('profile', url('p')), createdAt: 1 },
    ]);
    // A compacted epoch of another chat forwards the same photo.
    await db.insert(docSnapshots).values({
      doc: 'conv:c2~1',
      uptoSeq: 3,
      data: updateWith('messages', { ...image, id: 'm2' }),
    });
    await db.insert(docMembers).values({ doc: 'conv:c1', identityId: 'alice' });
    const row = (c: string) => ({
      id: hash(c),
      owner: 'x',
      contentType: 'image/webp',
      data: new Uint8Array([1]),
      createdAt: 1,
      scope: 'legacy' as const,
    });
    await db.insert(media).values(['a', 'b', 'p', 'o'].map(row));

    expect(await sortLegacyMedia(db)).toBe(4);
    const scopes = Object.fromEntries(
      (await db.select().from(media)).map((m) => [m.id[0], m.scope]),
    );
    expect(scopes).toEqual({ a: 'chat', b: 'chat', p: 'public', o: 'chat' });
    const links = await db
      .select()
      .from(mediaChats)
      .where(eq(mediaChats.mediaId, hash('a')));
    expect(links.map((l) => l.conversation).sort()).toEqual(['c1', 'c2']);

    const membership = new MediaMembership(db);
    expect(await membership.memberSees(hash('a'), ['alice'])).toBe(true);
    expect(await membership.memberSees(hash('a'), ['mallory'])).toBe(false);
    // An upload no chat names (never sent) is nobody's to read.
    expect(await membership.memberSees(hash('o'), ['alice'])).toBe(false);
    // Sorted once: a second run finds nothing to do.
    expect(await sortLegacyMedia(db)).toBe(0);
  });
});
