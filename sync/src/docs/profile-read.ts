/**
 * Reading a person's profile and the names saved for contacts, without zod: the apps' sync engine
 * projects chats with these, and stays light. The server checked every value before storing it;
 * a device still shows only strings of a sane shape (schemas: person-profile.ts, contact-names.ts).
 */
import type * as Y from 'yjs';

export interface PersonProfile {
  name?: string;
  about?: string;
  photo?: string;
}

const invisible = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
const photoPath = /^\/media\/[A-Za-z0-9_-]{8,64}\.webp$/;
const contactKey = /^contact:([A-Za-z0-9_-]{1,64})$/;
const shownName = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 100 && !invisible.test(value);

/** The profile's fields of a sane shape (a device never trusts a document). */
export function readPersonProfile(doc: Y.Doc): PersonProfile {
  const map = doc.getMap<unknown>('person');
  const profile: PersonProfile = {};
  const [name, about, photo] = [map.get('name'), map.get('about'), map.get('photo')];
  if (shownName(name)) profile.name = name;
  if (typeof about === 'string' && about.length <= 140) profile.about = about;
  if (typeof photo === 'string' && photoPath.test(photo)) profile.photo = photo;
  return profile;
}

/** Person id → the name this person saved for them (from their preferences document). */
export function readContactNames(doc: Y.Doc): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, value] of doc.getMap<unknown>('prefs').entries()) {
    const match = contactKey.exec(key);
    if (match && shownName(value)) names.set(match[1]!, value);
  }
  return names;
}
