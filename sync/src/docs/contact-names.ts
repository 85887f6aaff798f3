/**
 * The names a person saves for their contacts ("Mum", "Ana from work"), kept in their own
 * preferences document (`prefs:<personId>`, key `contact:<personId>`), so only they see them and
 * every device of theirs has them, offline too. Removing the key forgets the name. A saved name
 * shows instead of the contact's own display name, on this person's screens only.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { validateDisplayName } from './person-profile.ts';

export { readContactNames } from './profile-read.ts';

const preferencesMap = (doc: Y.Doc) => doc.getMap<unknown>('prefs');
const contactKey = /^contact:([A-Za-z0-9_-]{1,64})$/;

const contactNameSchema = z.string().refine((value) => {
  const result = validateDisplayName(value);
  return result.ok && result.name === value;
}, 'A contact name has 1 to 25 characters, normalised, without invisible ones.');

/** The schema for a contact name under `key`, or null when it is not one. */
export function contactNameSchemaFor(key: string): z.ZodType | null {
  return contactKey.test(key) ? contactNameSchema : null;
}

/** Saves (or with an empty name, forgets) the name this person gives a contact. */
export function setContactName(doc: Y.Doc, personId: string, name: string): void {
  const key = `contact:${personId}`;
  if (!contactKey.test(key)) throw new Error(`invalid person id ${personId}`);
  const checked = validateDisplayName(name);
  if (name.trim() === '' || !checked.ok) preferencesMap(doc).delete(key);
  else preferencesMap(doc).set(key, checked.name);
}
