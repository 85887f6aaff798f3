/**
 * The data half of migration 0015 (private media). Uploads from before it were public and named
 * by content hash; each is now sorted once: referenced by a business profile or a template, it
 * stays public; otherwise it is chat media, bound to every conversation whose stored history
 * names it (so old messages keep showing their photos to the members, and to nobody else).
 * Runs after the schema migrations, under the same lock; rows already sorted are never touched.
 */
import { and, eq, gt, inArray, like, or } from 'drizzle-orm';
import { parseDocName } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { docSnapshots, docUpdates, media, mediaChats, templates } from '../db/schema.ts';
import { mediaIdsInUpdate } from './update-media.ts';

const batch = 500;

export async function sortLegacyMedia(db: Db): Promise<number> {
  const legacy = new Set(
    (await db.select({ id: media.id }).from(media).where(eq(media.scope, 'legacy'))).map(
      (r) => r.id,
    ),
  );
  if (legacy.size === 0) return 0;
  const publicIds = new Set<string>();
  const links = new Map<string, Set<string>>();
  const note = (doc: string, data: Uint8Array) => {
    const name = parseDocName(doc);
    if (!name) return;
    for (const id of mediaIdsInUpdate(data)) {
      if (!legacy.has(id)) continue;
      if (name.kind === 'profile') publicIds.add(id);
      if (name.kind === 'conv') links.set(id, (links.get(id) ?? new Set()).add(name.id));
    }
  };
  const wanted = or(like(docUpdates.doc, 'conv:%'), like(docUpdates.doc, 'profile:%'));
  for (let after = -1; ;) {
    const rows = await db
      .select({ seq: docUpdates.seq, doc: docUpdates.doc, data: docUpdates.data })
      .from(docUpdates)
      .where(and(gt(docUpdates.seq, after), wanted))
      .orderBy(docUpdates.seq)
      .limit(batch);
    rows.forEach((r) => note(r.doc, r.data));
    if (rows.length < batch) break;
    after = rows.at(-1)!.seq;
  }
  for (const r of await db.select({ doc: docSnapshots.doc }).from(docSnapshots)) {
    const [snap] = await db
      .select({ data: docSnapshots.data })
      .from(docSnapshots)
      .where(eq(docSnapshots.doc, r.doc));
    if (snap) note(r.doc, snap.data);
  }
  for (const t of await db.select({ body: templates.body }).from(templates)) {
    for (const id of mediaIdsInStrings(t.body)) if (legacy.has(id)) publicIds.add(id);
  }
  const rows = [...links].flatMap(([mediaId, convs]) =>
    [...convs].map((conversation) => ({ mediaId, conversation })),
  );
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += batch)
      await tx
        .insert(mediaChats)
        .values(rows.slice(i, i + batch))
        .onConflictDoNothing();
    const ids = [...legacy];
    for (let i = 0; i < ids.length; i += batch) {
      const slice = ids.slice(i, i + batch);
      const pub = slice.filter((id) => publicIds.has(id));
      const chat = slice.filter((id) => !publicIds.has(id));
      if (pub.length) await tx.update(media).set({ scope: 'public' }).where(inArray(media.id, pub));
      if (chat.length) await tx.update(media).set({ scope: 'chat' }).where(inArray(media.id, chat));
    }
  });
  return legacy.size;
}

function mediaIdsInStrings(value: unknown): string[] {
  const text = JSON.stringify(value) ?? '';
  return [...text.matchAll(/"\/media\/([A-Za-z0-9_-]{8,64})(?:\.[a-z0-9]{1,8})?"/g)].map(
    (m) => m[1]!,
  );
}
