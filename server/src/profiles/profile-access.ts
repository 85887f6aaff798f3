/**
 * Who may open a person's profile (`person:<personId>`), as WhatsApp does it: the person; the
 * people and businesses they have a conversation with; a business they opted in to hear from
 * (it sees their number already, and greets them by name) — never someone they blocked, whatever
 * else holds. Asked on every frame for the document, so a block takes effect at the next one.
 */
import { docName, readBlockedPeople, readPreferences, type Actor } from '@souk/sync';
import type { DocStore } from '../sync/doc-store.ts';
import { haveConversation } from '../sync/doc-storage.ts';

export async function mayReadPerson(
  store: DocStore,
  personId: string,
  actor: Actor,
): Promise<boolean> {
  if (actor.kind === 'platform' || (actor.kind === 'person' && actor.id === personId)) return true;
  const prefs = await store.copy(docName('prefs', personId));
  const blocked =
    actor.kind === 'person'
      ? readBlockedPeople(prefs)[actor.id]
      : readPreferences(prefs).blocked[actor.id];
  if (blocked === true) return false;
  if (await haveConversation(store.db, personId, actor.id)) return true;
  return actor.kind === 'business' && readPreferences(prefs).optIn[actor.id] === true;
}
