/**
 * The official account's announcements, one platform-wide document (`announcements`) that every
 * business's app opens: an append-only `posts` array written by the platform only (the validator's
 * `onlyPlatform` rule). One document, not a conversation per business, so a business registered
 * today reads every earlier post, and one post is one write however many businesses there are.
 * Its `termsPublished` list holds each published Terms of Service and Privacy Policy version, so every open
 * business app learns at once that the platform published a new version (and must accept it):
 * announcements-terms.ts, without zod, as the business app's first screen reads it.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { randomId } from '../ids.ts';

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
