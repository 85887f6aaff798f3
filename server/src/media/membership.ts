/**
 * Who may see an upload: public media (profile photos, template images) anyone; chat media only
 * the members of a conversation it is bound to (`media_chats`). Also the validator's media hook:
 * `lookup` preloads, for the ids an update names, whose each one is (see
 * sync/src/validator/media-rule.ts), since the validator itself is synchronous.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { MediaAccess, MediaLookup } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { docMembers, media, mediaChats, mediaFiles } from '../db/schema.ts';
import { mediaIdsInUpdate } from './update-media.ts';

/** At most this many ids are looked up for one update; a message names a handful. */
const maxLookup = 64;

export class MediaMembership {
  constructor(private readonly db: Db) {}

  /** Whose each media id the update names is, for the validator. */
  async lookupFor(update: Uint8Array): Promise<MediaLookup> {
    const ids = [...mediaIdsInUpdate(update)].slice(0, maxLookup);
    const access = new Map<string, MediaAccess>();
    if (ids.length === 0) return (id) => access.get(id);
    const publicRows = await this.db
      .select({ id: media.id })
      .from(media)
      .where(and(inArray(media.id, ids), eq(media.scope, 'public')));
    const links = await this.db
      .select({ id: mediaChats.mediaId, conversation: mediaChats.conversation })
      .from(mediaChats)
      .where(inArray(mediaChats.mediaId, ids));
    const publicIds = new Set(publicRows.map((r) => r.id));
    for (const id of ids) {
      const chats = links.filter((l) => l.id === id).map((l) => l.conversation);
      if (publicIds.has(id) || chats.length > 0)
        access.set(id, { public: publicIds.has(id), chats });
    }
    return (id) => access.get(id);
  }

  /** Binds an upload to a conversation (by its id). */
  async link(mediaId: string, conversation: string): Promise<void> {
    await this.db.insert(mediaChats).values({ mediaId, conversation }).onConflictDoNothing();
  }

  /**
   * A message deleted for everyone takes its media with it: the uploads are unbound from the
   * conversation, and those then bound to no chat are deleted (images' bytes live in `media`;
   * files' rows go, so they are served to nobody): their ids are returned, for the files on disk.
   */
  async release(ids: readonly string[], conversation: string): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.db.transaction(async (tx) => {
      await tx
        .delete(mediaChats)
        .where(
          and(inArray(mediaChats.mediaId, [...ids]), eq(mediaChats.conversation, conversation)),
        );
      const bound = await tx
        .select({ id: mediaChats.mediaId })
        .from(mediaChats)
        .where(inArray(mediaChats.mediaId, [...ids]));
      const orphans = ids.filter((id) => !bound.some((b) => b.id === id));
      if (orphans.length === 0) return [];
      await tx.delete(media).where(and(inArray(media.id, orphans), eq(media.scope, 'chat')));
      const files = await tx
        .delete(mediaFiles)
        .where(inArray(mediaFiles.id, orphans))
        .returning({ id: mediaFiles.id });
      return files.map((f) => f.id);
    });
  }

  /** Whether one of these identities is a member of a conversation the upload is bound to. */
  async memberSees(mediaId: string, identities: readonly string[]): Promise<boolean> {
    if (identities.length === 0) return false;
    const [row] = await this.db
      .select({ one: sql<number>`1` })
      .from(mediaChats)
      .innerJoin(docMembers, eq(docMembers.doc, sql`'conv:' || ${mediaChats.conversation}`))
      .where(and(eq(mediaChats.mediaId, mediaId), inArray(docMembers.identityId, [...identities])))
      .limit(1);
    return row !== undefined;
  }

  /** Whether an identity is a member of a conversation (by its id): it may upload to it. */
  async isMember(conversation: string, identity: string): Promise<boolean> {
    const [row] = await this.db
      .select({ one: sql<number>`1` })
      .from(docMembers)
      .where(and(eq(docMembers.doc, `conv:${conversation}`), eq(docMembers.identityId, identity)))
      .limit(1);
    return row !== undefined;
  }
}
