/**
 * Addresses of uploaded media: `/media/<id>` with an optional extension. Chat media ids are random
 * and bound to one conversation on the server (server/src/media/); profile photos and template
 * header images are public. Messages name media only by these addresses, so the validator can
 * find every one a message names (`mediaIdsIn`) and ask the server whose it is.
 */
const mediaUrl = /^\/media\/([A-Za-z0-9_-]{8,64})(?:\.[a-z0-9]{1,8})?$/;

/** The media id a `/media/…` address names, or null for anything else. */
export function mediaIdOf(url: string): string | null {
  return mediaUrl.exec(url)?.[1] ?? null;
}

/** Every media id named by a string anywhere inside a value (a message, a list of them). */
export function mediaIdsIn(value: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 16) return found; // messages are shallow; a deep value is refused by its schema
  if (typeof value === 'string') {
    const id = mediaIdOf(value);
    if (id) found.add(id);
  } else if (Array.isArray(value)) {
    for (const item of value) mediaIdsIn(item, found, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) mediaIdsIn(item, found, depth + 1);
  }
  return found;
}
