/**
 * The official account's announcements, one platform-wide document (`announcements`) that every
 * business's app opens: an append-only `posts` array written by the platform only (the validator's
 * `onlyPlatform` rule). One document, not a conversation per business, so a business registered
 * today reads every earlier post, and one post is one write however many businesses there are.
 * Its `termsPublished` list holds each published Terms of Service and Privacy Policy version, so every open
 * business app learns at once that the platform published a new version (and must accept it).
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { randomId } from '../ids.ts';
import type { LegalKind } from '../business/platform-api.ts';

export const announcementsDocName = 'announcements';

export const announcementTextLimit = 4000;

export const announcementSchema = z
  .object({
    id: z.string().min(8).max(64),
    text: z.string().trim().min(1).max(announcementTextLimit),
    at: z.int().nonnegative(),
  })
  .strict();
export type Announcement = z.infer<typeof announcementSchema>;

/** `POST /api/admin/announcements`. */
export const postAnnouncementSchema = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'Write the announcement first.')
      .max(
        announcementTextLimit,
        `An announcement can have at most ${announcementTextLimit} characters.`,
      ),
  })
  .strict();

const posts = (doc: Y.Doc) => doc.getArray<unknown>('posts');

/** Every valid post, oldest first (a device never trusts a document's shape). */
export function readAnnouncements(doc: Y.Doc): Announcement[] {
  return posts(doc)
    .toArray()
    .flatMap((post) => {
      const parsed = announcementSchema.safeParse(post);
      return parsed.success ? [parsed.data] : [];
    });
}

/** Server side: appends a post. */
export function appendAnnouncement(doc: Y.Doc, text: string, now: number): Announcement {
  const post = announcementSchema.parse({ id: randomId(), text: text.trim(), at: now });
  posts(doc).push([post]);
  return post;
}

/**
 * Each publication appended as `{ kind, version }`: append-only like the posts, since a map
 * overwritten in place would leave deletions every device echoes back when it syncs.
 */
const termsLog = (doc: Y.Doc) => doc.getArray<unknown>('termsPublished');

/** The newest published version of each legal document, as far as this document knows. */
export function readTermsVersions(doc: Y.Doc): Partial<Record<LegalKind, number>> {
  const versions: Partial<Record<LegalKind, number>> = {};
  for (const entry of termsLog(doc).toArray()) {
    const { kind, version } = (entry ?? {}) as { kind?: unknown; version?: unknown };
    if ((kind !== 'tos' && kind !== 'privacy') || !Number.isSafeInteger(version)) continue;
    if ((version as number) > (versions[kind] ?? 0)) versions[kind] = version as number;
  }
  return versions;
}

/** Server side: records a newly published version (an older or known one changes nothing). */
export function noteTermsVersion(doc: Y.Doc, kind: LegalKind, version: number): void {
  if ((readTermsVersions(doc)[kind] ?? 0) < version) termsLog(doc).push([{ kind, version }]);
}
