/** Who may open (read) a document. Writes are further checked change by change by the validator. */
import { parseDocName, type Actor } from '@souk/sync';
import type { DocStore } from './doc-store.ts';
import { mayReadPerson } from '../profiles/profile-access.ts';

export async function mayRead(store: DocStore, name: string, actor: Actor): Promise<boolean> {
  const parsed = parseDocName(name);
  if (!parsed) return false;
  switch (parsed.kind) {
    case 'conv':
      return (await store.members(name)).has(actor.id);
    case 'prefs':
    case 'inbox':
      return parsed.id === actor.id;
    case 'profile':
      return true;
    case 'person':
      return mayReadPerson(store, parsed.id, actor);
    case 'announcements':
      return actor.kind === 'business' || actor.kind === 'platform';
  }
}
