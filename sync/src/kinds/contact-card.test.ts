import { describe, expect, it } from 'vitest';
import { readContactCard, writeContactCard } from './contact-card.ts';

describe('contact cards (vCard 4)', () => {
  it('round-trips a contact through vCard text', () => {
    const contact = {
      name: 'Ana Pérez, jr.',
      phones: ['+34600000001', '+34911111111'],
      emails: ['ana@example.com'],
    };
    const text = writeContactCard(contact);
    expect(text).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
    expect(text).toContain('TEL;VALUE=uri:tel:+34600000001');
    expect(readContactCard(text)).toEqual({ ok: true, card: contact });
  });

  it('reads a card written by another address book (folded lines, plain tel text)', () => {
    const text =
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\n  Pérez\r\nN:Pérez;Ana;;;\r\nTEL;TYPE=cell:+34 600 000 001\r\nEND:VCARD\r\n';
    expect(readContactCard(text)).toEqual({
      ok: true,
      card: { name: 'Ana Pérez', phones: ['+34 600 000 001'], emails: [] },
    });
  });

  it('refuses what is not exactly one vCard 4 with one name', () => {
    const refused = [
      '',
      'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\n',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nFN:B\r\nEND:VCARD\r\n',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN: \r\nEND:VCARD\r\n',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nBEGIN:VCARD\r\nEND:VCARD\r\nEND:VCARD\r\n',
    ];
    for (const text of refused) expect(readContactCard(text).ok, text).toBe(false);
    expect(readContactCard(null).ok).toBe(false);
  });
});
