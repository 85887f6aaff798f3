/**
 * A person's profile document and the names people save for contacts: the display name's own
 * rules, and what the validator lets each identity write (hand-built updates, as a modified app).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { platformActor, type Actor } from '../identity.ts';
import { validateUpdate } from '../validator/validate-update.ts';
import {
  personProfileMap,
  readPersonProfile,
  setAbout,
  validateDisplayName,
} from './person-profile.ts';
import { readContactNames, setContactName } from './contact-names.ts';

const now = 1_700_000_000_000;
const ana: Actor = { kind: 'person', id: 'u_ana' };
const bob: Actor = { kind: 'person', id: 'u_bob' };
const shop: Actor = { kind: 'business', id: 'u_ana' };

function attempt(server: Y.Doc, actor: Actor, edit: (doc: Y.Doc) => void, kind = 'person') {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  edit(copy);
  const update = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(server));
  const verdict = validateUpdate(server, update, {
    name: { kind: kind as 'person' | 'prefs', id: 'u_ana', epoch: 0 },
    actor,
    now,
    ownerOf: () => undefined,
  });
  if (verdict.ok) Y.applyUpdate(server, update);
  return verdict.ok ? 'ok' : verdict.reason;
}

describe('display names', () => {
  it('are normalised and bounded, without invisible characters or links', () => {
    expect(validateDisplayName('  Ana   María ')).toEqual({ ok: true, name: 'Ana María' });
    expect(validateDisplayName('Ana 🌻')).toEqual({ ok: true, name: 'Ana 🌻' });
    expect(validateDisplayName('   ')).toMatchObject({ code: 'too_short' });
    expect(validateDisplayName('x'.repeat(26))).toMatchObject({ code: 'too_long' });
    expect(validateDisplayName('Ana\u202Egnp.exe')).toMatchObject({ code: 'character' });
    expect(validateDisplayName('Ana\u200B')).toMatchObject({ code: 'character' });
    expect(validateDisplayName('www.ana.example')).toMatchObject({ code: 'link' });
    expect(validateDisplayName('a\u0301\u0301\u0301\u0301\u0301')).toMatchObject({
      code: 'too_many_marks',
    });
    expect(validateDisplayName(7)).toMatchObject({ code: 'not_text' });
  });
});

describe('the profile document', () => {
  it('its person writes the about line; only the platform the name and photo', () => {
    const server = new Y.Doc();
    expect(attempt(server, ana, (d) => setAbout(d, 'At the market on Sundays'))).toBe('ok');
    expect(attempt(server, ana, (d) => personProfileMap(d).set('name', 'Ana'))).toBe(
      'platform_only',
    );
    expect(
      attempt(server, ana, (d) => personProfileMap(d).set('photo', '/media/abcdefgh12.webp')),
    ).toBe('platform_only');
    expect(attempt(server, platformActor, (d) => personProfileMap(d).set('name', 'Ana'))).toBe(
      'ok',
    );
    expect(readPersonProfile(server)).toEqual({ name: 'Ana', about: 'At the market on Sundays' });
    // Ana may not remove the name the platform set either.
    expect(attempt(server, ana, (d) => personProfileMap(d).delete('name'))).toBe('platform_only');
  });

  it("nobody writes someone else's profile, not even a business with the same id", () => {
    const server = new Y.Doc();
    expect(attempt(server, bob, (d) => setAbout(d, 'hacked'))).toBe('not_owner');
    expect(attempt(server, bob, (d) => personProfileMap(d).set('name', 'Bob'))).toBe('not_owner');
    expect(attempt(server, shop, (d) => setAbout(d, 'hacked'))).toBe('not_owner');
  });

  it('refuses an oversized about, unknown fields and other roots', () => {
    const server = new Y.Doc();
    expect(attempt(server, ana, (d) => personProfileMap(d).set('about', 'a'.repeat(141)))).toBe(
      'invalid_value',
    );
    expect(attempt(server, ana, (d) => personProfileMap(d).set('about', 42))).toBe('invalid_value');
    expect(attempt(server, ana, (d) => personProfileMap(d).set('verified', true))).toBe(
      'unknown_field',
    );
    expect(attempt(server, ana, (d) => d.getMap('profile').set('about', 'x'))).toBe(
      'unknown_field',
    );
    expect(
      attempt(server, platformActor, (d) => personProfileMap(d).set('name', ' Ana\u202E ')),
    ).toBe('invalid_value');
  });
});

describe('contact names', () => {
  it('live in the person’s own preferences, checked like display names', () => {
    const server = new Y.Doc();
    expect(
      attempt(server, ana, (d) => setContactName(d, 'u_bob', ' Bob  from work '), 'prefs'),
    ).toBe('ok');
    expect(readContactNames(server)).toEqual(new Map([['u_bob', 'Bob from work']]));
    expect(
      attempt(server, ana, (d) => d.getMap('prefs').set('contact:u_bob', 'x'.repeat(30)), 'prefs'),
    ).toBe('invalid_value');
    expect(attempt(server, bob, (d) => setContactName(d, 'u_bob', 'Me, says Bob'), 'prefs')).toBe(
      'not_owner',
    );
    expect(attempt(server, ana, (d) => setContactName(d, 'u_bob', ''), 'prefs')).toBe('ok');
    expect(readContactNames(server).size).toBe(0);
  });
});
