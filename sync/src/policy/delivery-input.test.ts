import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendSystem, appendText, initConversation } from '../docs/conversation.ts';
import {
  setBlocked,
  setBlockedPerson,
  setBusinessMessages,
  setOptIn,
} from '../docs/preferences.ts';
import { deliveryInput, hasBlocked, lastMessageAt, outgoingKindOf } from './delivery-input.ts';
import { mayDeliver } from './messaging.ts';

const person = { id: 'u_ana', kind: 'person' } as const;
const friend = { id: 'u_ben', kind: 'person' } as const;
const shop = { id: 'b_shop', kind: 'business' } as const;
const now = 1_700_000_000_000;
const hour = 3_600_000;
const base = {
  message: { kind: 'free_form' },
  senderPrefs: null,
  recipientPrefs: null,
  businessSuspended: false,
  lastCustomerMessageAt: null,
  now,
} as const;

describe('deliveryInput', () => {
  it('reads the recipient person’s switch, opt-in and block of this business', () => {
    const prefs = new Y.Doc();
    setBusinessMessages(prefs, false);
    setOptIn(prefs, shop.id, true);
    setBlocked(prefs, shop.id, true);
    expect(
      deliveryInput({ ...base, sender: shop, recipient: person, recipientPrefs: prefs }),
    ).toMatchObject({
      sender: 'business',
      recipient: 'person',
      recipientPrefs: { businessMessages: false, optedIn: true },
      blockedByRecipient: true,
      blockedBySender: false,
    });
  });

  it('a person’s block of a business is the sender’s block when the person writes', () => {
    const prefs = new Y.Doc();
    setBlocked(prefs, shop.id, true);
    const input = deliveryInput({ ...base, sender: person, recipient: shop, senderPrefs: prefs });
    expect(input).toMatchObject({ blockedBySender: true, blockedByRecipient: false });
    expect(mayDeliver(input)).toMatchObject({ ok: false, reason: 'blocked_recipient' });
  });

  it('people block people with their own key, in both directions', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    setBlockedPerson(theirs, person.id, true);
    const input = deliveryInput({
      ...base,
      sender: person,
      recipient: friend,
      senderPrefs: mine,
      recipientPrefs: theirs,
    });
    expect(mayDeliver(input)).toMatchObject({ ok: false, reason: 'blocked_by_recipient' });
    // A business block with the same id does not block the person, and vice versa.
    const other = new Y.Doc();
    setBlocked(other, person.id, true);
    expect(hasBlocked(other, person)).toBe(false);
    expect(hasBlocked(theirs, { id: person.id, kind: 'business' })).toBe(false);
  });

  it('without preferences documents: defaults (switch on, no opt-in, no blocks)', () => {
    expect(deliveryInput({ ...base, sender: shop, recipient: person })).toMatchObject({
      recipientPrefs: { businessMessages: true, optedIn: false },
      blockedByRecipient: false,
      blockedBySender: false,
    });
  });
});

describe('lastMessageAt', () => {
  it('is the latest message of the customer across epochs, ignoring others and the platform', () => {
    const head = new Y.Doc();
    initConversation(head, 'business', [{ ...person }, { ...shop, name: 'Shop' }]);
    const next = new Y.Doc();
    expect(lastMessageAt([head, next], person.id)).toBeNull();
    appendText(head, person.id, 'hi', now - 30 * hour);
    appendText(head, shop.id, 'hello', now - 2 * hour);
    appendSystem(next, 'opted_out', 'You will no longer…', now - hour);
    expect(lastMessageAt([head, next], person.id)).toBe(now - 30 * hour);
    appendText(next, person.id, 'again', now - 3 * hour);
    expect(lastMessageAt([head, next], person.id)).toBe(now - 3 * hour);
  });

  it('leaves out an opt-out: STOP does not open the window, START does', () => {
    const doc = new Y.Doc();
    initConversation(doc, 'business', [{ ...person }, { ...shop, name: 'Shop' }]);
    appendText(doc, person.id, 'Stop!', now - hour);
    appendText(doc, person.id, 'baja', now - hour / 2);
    expect(lastMessageAt([doc], person.id)).toBeNull();
    appendText(doc, person.id, 'START', now - hour / 4);
    expect(lastMessageAt([doc], person.id)).toBe(now - hour / 4);
  });
});

describe('outgoingKindOf', () => {
  it('every text message is free-form', () => {
    const doc = new Y.Doc();
    expect(outgoingKindOf(appendText(doc, person.id, 'hi', now))).toEqual({ kind: 'free_form' });
  });
});
