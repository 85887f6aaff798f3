/**
 * Contact cards travel as vCard 4 text (RFC 6350), so any address book can take them in and out.
 * Parsing and producing go through ical.js (Mozilla's RFC 5545/6350 implementation) rather than a
 * hand-rolled parser; on top of it Souk keeps a strict subset: exactly one `vcard` component,
 * `VERSION:4.0`, one non-empty `FN`, no nested components, a bounded number of phones and emails,
 * and the whole text under `contactLimits.vcardChars` — so a card is cheap to validate and to show.
 */
import ICAL from 'ical.js';

export const contactLimits = {
  vcardChars: 8 * 1024,
  nameChars: 128,
  phones: 10,
  emails: 10,
  valueChars: 256,
} as const;

export interface ContactCard {
  name: string;
  phones: string[];
  emails: string[];
}

export type ContactCardResult = { ok: true; card: ContactCard } | { ok: false; issue: string };

const fail = (issue: string): ContactCardResult => ({ ok: false, issue });

function strings(component: ICAL.Component, property: string): string[] {
  return component
    .getAllProperties(property)
    .map((p) => p.getFirstValue())
    .filter((v): v is string => typeof v === 'string');
}

/** A tel URI's number (`tel:+34600…`), or the text as written. */
function phoneOf(value: string): string {
  return value.toLowerCase().startsWith('tel:') ? value.slice(4) : value;
}

/** Reads a vCard 4 text under Souk's strict subset; never throws. */
export function readContactCard(text: unknown): ContactCardResult {
  if (typeof text !== 'string') return fail('A contact card is vCard text.');
  if (text.length > contactLimits.vcardChars)
    return fail(`A contact card has at most ${contactLimits.vcardChars} characters.`);
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch {
    return fail('Not a vCard.');
  }
  // ICAL.parse returns one component, or an array of them when the text holds several.
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') return fail('Exactly one vCard.');
  const card = new ICAL.Component(parsed as unknown[]);
  if (card.name !== 'vcard') return fail('Not a vCard.');
  if (card.getAllSubcomponents().length > 0) return fail('A vCard holds no nested components.');
  if (card.getFirstPropertyValue('version') !== '4.0') return fail('Only vCard version 4.0.');
  const names = strings(card, 'fn');
  const name = names[0]?.trim() ?? '';
  if (names.length !== 1 || name.length === 0) return fail('A vCard has exactly one FN.');
  if (name.length > contactLimits.nameChars)
    return fail(`A contact name has at most ${contactLimits.nameChars} characters.`);
  const phones = strings(card, 'tel').map(phoneOf);
  const emails = strings(card, 'email');
  if (phones.length > contactLimits.phones) return fail('Too many phone numbers.');
  if (emails.length > contactLimits.emails) return fail('Too many email addresses.');
  if ([...phones, ...emails].some((v) => v.length > contactLimits.valueChars))
    return fail('A phone or email is too long.');
  return { ok: true, card: { name, phones, emails } };
}

/** Writes a contact as vCard 4 text (phones as tel URIs). */
export function writeContactCard(contact: ContactCard): string {
  const card = new ICAL.Component('vcard');
  card.addPropertyWithValue('version', '4.0');
  card.addPropertyWithValue('fn', contact.name.trim());
  for (const phone of contact.phones) {
    const tel = card.addPropertyWithValue('tel', `tel:${phone.replace(/\s+/g, '')}`);
    tel.setParameter('value', 'uri');
  }
  for (const email of contact.emails) card.addPropertyWithValue('email', email.trim());
  return card.toString() + '\r\n';
}
