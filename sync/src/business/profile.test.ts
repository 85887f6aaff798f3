import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  checkProfileField,
  isOpenAt,
  localTime,
  readProfile,
  type OpeningHours,
} from './profile.ts';

describe('profile fields, one schema per key', () => {
  const table: [key: string, value: unknown, error: string | null][] = [
    ['name', 'Panadería Sol', null],
    ['name', 'Souk', 'A business name cannot use the name Souk.'],
    ['verified', true, null],
    ['verified', 'yes', 'Invalid input: expected boolean, received string'],
    ['description', 'Fresh bread every morning.\nSince 1982.', null],
    ['description', 'x'.repeat(513), 'The description can have at most 512 characters.'],
    ['category', 'food', null],
    ['category', 'casino', expect.stringContaining('Choose one of the categories')],
    ['websites', ['https://sol.es', 'http://shop.sol.es/menu?day=1'], null],
    ['websites', [], null],
    ['websites', ['https://a.es', 'https://b.es', 'https://c.es'], 'At most 2 websites.'],
    ['websites', ['javascript:alert(1)'], expect.stringContaining('http:// or https://')],
    ['websites', ['ftp://files.sol.es'], expect.stringContaining('http:// or https://')],
    ['websites', ['https://localhost:3000'], expect.stringContaining('domain name')],
    ['websites', ['sol.es'], expect.stringContaining('http:// or https://')],
    ['address', 'Calle Mayor 1, Madrid', null],
    ['address', 'x'.repeat(257), 'The address can have at most 256 characters.'],
    ['email', 'hola@sol.es', null],
    ['email', 'hola@', 'That email address is not valid.'],
    ['photo', '/media/abcDEF123_-x.webp', null],
    ['photo', 'https://evil.example/p.png', 'The photo must be an uploaded image.'],
    ['photo', '/media/../../etc/passwd', 'The photo must be an uploaded image.'],
    ['hours', { timezone: 'Europe/Madrid', mon: ['09:00-14:00', '17:00-20:30'] }, null],
    ['hours', { timezone: 'Europe/Madrid', fri: ['22:00-02:00'], sat: ['00:00-24:00'] }, null],
    ['hours', { timezone: 'Mars/Olympus', mon: [] }, expect.stringContaining('Unknown timezone')],
    ['hours', { timezone: '+05:00' }, expect.stringContaining('Unknown timezone')],
    ['hours', { timezone: 'UTC', mon: ['9:00-17:00'] }, expect.stringContaining('HH:MM-HH:MM')],
    ['hours', { timezone: 'UTC', mon: ['09:00-25:00'] }, expect.stringContaining('HH:MM-HH:MM')],
    ['hours', { timezone: 'UTC', mon: ['09:00-09:00'] }, expect.stringContaining('same time')],
    [
      'hours',
      { timezone: 'UTC', mon: ['09:00-14:00', '13:00-18:00'] },
      'Opening intervals on the same day overlap.',
    ],
    [
      'hours',
      { timezone: 'UTC', mon: ['20:00-02:00', '21:00-22:00'] },
      expect.stringContaining('overlap'),
    ],
    ['hours', { timezone: 'UTC', funday: ['09:00-10:00'] }, expect.stringContaining('funday')],
    ['owner', 'me', 'unknown profile field owner'],
  ];

  it.each(table)('%s = %j', (key, value, error) => {
    expect(checkProfileField(key, value)).toEqual(error);
  });

  it('readProfile keeps only valid fields', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('profile');
    map.set('description', 'Bread');
    map.set('category', 'casino');
    map.set('websites', ['https://sol.es']);
    expect(readProfile(doc)).toEqual({ description: 'Bread', websites: ['https://sol.es'] });
  });
});

describe('isOpenAt', () => {
  const madrid: OpeningHours = {
    timezone: 'Europe/Madrid',
    mon: ['09:00-14:00', '17:00-20:30'],
    fri: ['22:00-02:00'],
    sat: ['10:00-14:00'],
    sun: ['23:00-01:00'],
  };
  const kolkata: OpeningHours = { timezone: 'Asia/Kolkata', wed: ['09:30-18:00'] };
  const allDay: OpeningHours = { timezone: 'America/New_York', tue: ['00:00-24:00'] };
  const utc = (iso: string) => Date.parse(iso);

  const table: [label: string, hours: OpeningHours, at: number, open: boolean][] = [
    // 2024-01-15 is a Monday; Madrid is UTC+1 in winter.
    ['Madrid Mon 09:00 local (08:00Z) opens', madrid, utc('2024-01-15T08:00:00Z'), true],
    ['Madrid Mon 08:59 local is closed', madrid, utc('2024-01-15T07:59:00Z'), false],
    ['Madrid Mon 14:00 local: end is exclusive', madrid, utc('2024-01-15T13:00:00Z'), false],
    ['Madrid Mon 20:29 local', madrid, utc('2024-01-15T19:29:00Z'), true],
    ['Madrid Tue is closed all day', madrid, utc('2024-01-16T10:00:00Z'), false],
    // Summer time: UTC+2. Same 09:00 local is 07:00Z.
    ['Madrid summer Mon 09:00 local (07:00Z)', madrid, utc('2024-07-15T07:00:00Z'), true],
    ['Madrid summer Mon 08:30 local (06:30Z)', madrid, utc('2024-07-15T06:30:00Z'), false],
    // Past midnight: Friday 22:00-02:00 is open early Saturday, not at Saturday 02:00.
    ['Madrid Fri 23:30 local', madrid, utc('2024-01-19T22:30:00Z'), true],
    ['Madrid Sat 01:59 local (Fri carried over)', madrid, utc('2024-01-20T00:59:00Z'), true],
    ['Madrid Sat 02:00 local', madrid, utc('2024-01-20T01:00:00Z'), false],
    ['Madrid Fri 21:59 local', madrid, utc('2024-01-19T20:59:00Z'), false],
    // Sunday 23:00-01:00 carries into Monday (week wraps).
    ['Madrid Mon 00:30 local (Sun carried over)', madrid, utc('2024-01-14T23:30:00Z'), true],
    // The date differs between UTC and local: Wed 09:30 in Kolkata is Wed 04:00Z (UTC+5:30).
    ['Kolkata Wed 09:30 local', kolkata, utc('2024-01-17T04:00:00Z'), true],
    ['Kolkata Wed 09:29 local', kolkata, utc('2024-01-17T03:59:00Z'), false],
    ['Kolkata Wed 23:00Z is Thu local', kolkata, utc('2024-01-17T23:00:00Z'), false],
    ['Kolkata Tue 22:00Z is Wed 03:30 local', kolkata, utc('2024-01-16T22:00:00Z'), false],
    // All day in New York: Tue 00:00 to Wed 00:00 local (UTC-5).
    ['New York Tue 00:00 local', allDay, utc('2024-01-16T05:00:00Z'), true],
    ['New York Tue 23:59 local', allDay, utc('2024-01-17T04:59:00Z'), true],
    ['New York Wed 00:00 local', allDay, utc('2024-01-17T05:00:00Z'), false],
    ['New York Mon 23:59 local', allDay, utc('2024-01-16T04:59:00Z'), false],
  ];

  it.each(table)('%s → %s', (_label, hours, at, open) => {
    expect(isOpenAt(hours, at)).toBe(open);
  });

  it('reads the local wall clock, midnight as 0', () => {
    expect(localTime('Asia/Tokyo', utc('2024-01-14T15:00:00Z'))).toEqual({ day: 'mon', minute: 0 });
    expect(localTime('Pacific/Auckland', utc('2024-01-15T10:15:00Z'))).toEqual({
      day: 'mon',
      minute: 23 * 60 + 15,
    });
  });
});
