/**
 * The media ids an update names, read straight from its structs (every string value it inserts,
 * wherever it lands). Over-approximate on purpose: it only decides which ids the server looks up
 * before the validator runs, and which old uploads a chat's stored history refers to.
 */
import * as Y from 'yjs';
import { mediaIdsIn } from '@souk/sync';

export function mediaIdsInUpdate(update: Uint8Array, found = new Set<string>()): Set<string> {
  let structs: Array<Y.Item | Y.GC | Y.Skip>;
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return found; // malformed: the validator refuses it
  }
  for (const struct of structs) {
    if (struct instanceof Y.Item) mediaIdsIn(struct.content.getContent(), found);
  }
  return found;
}
