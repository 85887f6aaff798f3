/**
 * The apps' zod-free readers of a person's profile and of saved contact names: they keep what the
 * schemas (person-profile.ts, contact-names.ts) would, and drop what is not of a sane shape.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { personFieldSchemas, personProfileKeys } from './person-profile.ts';
import { readContactNames, readPersonProfile } from './profile-read.ts';

function profile(fields: Record<string, unknown>): Y.Doc {
  const doc = new Y.Doc();
  for (const [key, value] of Object.entries(fields)) doc.getMap('person').set(key, value);
  return doc;
}

describe('readPersonProfile', () => {
  it('keeps valid fields, as the schemas do', () => {
    const fields = {
      name: 'Ana María',
      about: 'Cerámica — مرحبا',
      photo: '/media/abcdefgh12.webp',
    };
    for (const key of personProfileKeys)
      expect(personFieldSchemas[key].safeParse(fields[key]).success).toBe(true);
    expect(readPersonProfile(profile(fields))).toEqual(fields);
  });

  it('drops values of the wrong shape: not text, invisible characters, photos from elsewhere', () => {
    expect(
      readPersonProfile(
        profile({
          name: 'Ana\u202Eexe',
          about: 'x'.repeat(141),
          photo: 'https://evil.example/a.webp',
        }),
      ),
    ).toEqual({});
    expect(readPersonProfile(profile({ name: 42, about: null, photo: '/media/x.webp' }))).toEqual(
      {},
    );
    expect(readPersonProfile(profile({ name: '' }))).toEqual({});
  });
});

describe('readContactNames', () => {
  it('reads the contact: keys of the preferences, skipping other keys and bad values', () => {
    const doc = new Y.Doc();
    const prefs = doc.getMap('prefs');
    prefs.set('contact:u_bob', 'Bob from work');
    prefs.set('contact:u_eve', 'Eve\u200B');
    prefs.set('contact:u_mal', 7);
    prefs.set('contact:bad id', 'Nope');
    prefs.set('readReceipts', false);
    expect(readContactNames(doc)).toEqual(new Map([['u_bob', 'Bob from work']]));
  });
});
