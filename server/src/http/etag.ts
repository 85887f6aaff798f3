/**
 * `If-None-Match` as RFC 9110 §13.1.2 reads it: `*`, or a list of entity tags compared weakly (a
 * `W/` prefix is ignored), so a cache that holds several versions, or weakened the tag, still
 * gets its 304.
 */
const entityTag = /\*|(?:W\/)?"[^"]*"/g;

export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const wanted = etag.replace(/^W\//, '');
  return [...header.matchAll(entityTag)].some(
    ([tag]) => tag === '*' || tag.replace(/^W\//, '') === wanted,
  );
}
