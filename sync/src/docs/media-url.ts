/**
 * How messages name uploaded media: by address, `/media/<id>` with an optional extension (photos),
 * or by bare id in a field named `media`, `poster` or `preview` (the kinds of sync/src/kinds).
 * Chat media ids are random and bound to one conversation on the server (server/src/media/);
 * profile photos and template header images are public. `mediaIdsIn` finds every one a message
 * names, so the validator can ask the server whose each is.
 */
const mediaUrl = /^\/media\/([A-Za-z0-9_-]{8,64})(?:\.[a-z0-9]{1,8})?$/;
const bareId = /^[A-Za-z0-9_-]{8,64}$/;
/** Fields that hold a bare media id. */
export const mediaIdFields: readonly string[] = ['media', 'poster', 'preview'];

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
    for (const [key, item] of Object.entries(value)) {
      if (mediaIdFields.includes(key) && typeof item === 'string' && bareId.test(item))
        found.add(item);
      else mediaIdsIn(item, found, depth + 1);
    }
  }
  return found;
}
