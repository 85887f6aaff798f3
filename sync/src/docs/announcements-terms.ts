/**
 * The announcements document's name and its log of published terms versions (see
 * announcements.ts), without the posts' zod schemas: the business app's first screen watches the
 * versions, and ships no zod.
 */
import type * as Y from 'yjs';
import type { LegalKind } from '../business/platform-values.ts';

export const announcementsDocName = 'announcements';

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
