/**
 * The validator's refusals as a spec: one row per reason (and per way to reach it), each a forged
 * update built with real Yjs documents the way a modified client would, refused with exactly that
 * reason — so a row cannot pass by being refused for another one (say, 'malformed update').
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendSystem,
  appendText,
  conversationParts,
  initConversation,
  raiseReceipt,
} from '../docs/conversation.ts';
import { platformActor, type Actor } from '../identity.ts';
import { leftEpochLimits } from '../docs/chat-rules.ts';
import type { DocName } from '../docs/names.ts';
import { limits } from '../limits.ts';
import { validateUpdate } from './validate-update.ts';
import type { ValidatorReason } from '../contract/codes.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const bob: Actor = { id: 'u_bob', kind: 'person' };
const shop: Actor = { id: 'b_shop', kind: 'business' };
const rival: Actor = { id: 'b_rival', kind: 'business' };
const now = 1_700_000_000_000;

const head: DocName = { kind: 'conv', id: 'c1', epoch: 0 };
const epoch3: DocName = { kind: 'conv', id: 'c1', epoch: 3 };
const prefs: DocName = { kind: 'prefs', id: alice.id, epoch: 0 };
const profile: DocName = { kind: 'profile', id: shop.id, epoch: 0 };
const inbox: DocName = { kind: 'inbox', id: shop.id, epoch: 0 };
const announcements: DocName = { kind: 'announcements', id: '', epoch: 0 };

/** The Yjs client id of Alice's phone, bound to her on the server. */
const alicePhone = 4242;
const ownerOf = (client: number) => (client === alicePhone ? alice.id : undefined);

/** A device's copy of the server's document. */
function copyOf(server: Y.Doc, clientID?: number): Y.Doc {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  // After the copy: Yjs gives a document a new client id when an update brings in its own.
  if (clientID !== undefined) device.clientID = clientID;
  return device;
}

/** What a device sends after `change`: everything it has that the server lacks. */
const edit =
  (change: (device: Y.Doc) => void) =>
  (server: Y.Doc): Uint8Array => {
    const device = copyOf(server);
    change(device);
    return Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  };

/** The update of each change, one after the other, on one device (the server has none of them). */
function changesOf(server: Y.Doc, ...changes: Array<(device: Y.Doc) => void>): Uint8Array[] {
  const device = copyOf(server);
  return changes.map((change) => {
    const before = Y.encodeStateVector(device);
    change(device);
    return Y.encodeStateAsUpdate(device, before);
  });
}

/** A conversation that moved on to epoch 1 at `at`, leaving the head's messages behind. */
function leftAt(at: number): Y.Doc {
  const doc = conversation();
  const state = Object.fromEntries(
    [...Y.decodeStateVector(Y.encodeStateVector(doc))].map(([c, k]) => [String(c), k]),
  );
  conversationParts(doc).meta.set('epoch', 1);
  conversationParts(doc).meta.set('left', { '0': { at, state } });
  return doc;
}

const write = (text: string) => (d: Y.Doc) => appendText(d, alice.id, text, now);
const messageOf = (server: Y.Doc) => conversationParts(server).messages.get(0);

/** A conversation between Alice and Bob: one recent message of Alice's (from her phone), Bob's receipt. */
function conversation(): Y.Doc {
  const doc = new Y.Doc();
  initConversation(doc, 'private', [
    { id: alice.id, kind: 'person' },
    { id: bob.id, kind: 'person' },
  ]);
  const phone = copyOf(doc, alicePhone);
  appendText(phone, alice.id, 'hola', now - 1000);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(doc)));
  raiseReceipt(doc, bob.id, { d: 1, r: 1 });
  return doc;
}

interface Row {
  reason: ValidatorReason;
  /** What the refusal names (checked when given). */
  details?: Record<string, unknown>;
  /** How the reason is reached, when there is more than one way. */
  how?: string;
  name?: DocName;
  actor?: Actor;
  /** The server's copy before the update; a conversation by default. */
  server?: () => Y.Doc;
  forge: (server: Y.Doc) => Uint8Array;
}

const validatorRows: Row[] = [
  {
    reason: 'malformed_update',
    how: 'bytes that are no update',
    forge: () => new Uint8Array([1, 2, 3, 200, 7]),
  },
  {
    reason: 'malformed_update',
    how: 'an honest update cut short',
    forge: (server) => edit(write('hola'))(server).slice(0, -3),
  },
  {
    reason: 'update_has_gaps',
    // A merge of a device's first and third change skips the second.
    forge: (server) => {
      const [first, , third] = changesOf(server, write('one'), write('two'), write('three'));
      return Y.mergeUpdates([first!, third!]);
    },
  },
  {
    reason: 'missing_dependencies',
    how: 'a client’s changes start after the server’s state',
    forge: (server) => changesOf(server, write('one'), write('two'))[1]!,
  },
  {
    reason: 'missing_dependencies',
    how: 'an item next to one the server lacks',
    actor: bob,
    forge: (server) => {
      const aliceDevice = copyOf(server);
      appendText(aliceDevice, alice.id, 'not sent yet', now);
      const bobDevice = copyOf(aliceDevice);
      appendText(bobDevice, bob.id, 'answer', now);
      return Y.encodeStateAsUpdate(bobDevice, Y.encodeStateVector(aliceDevice));
    },
  },
  {
    reason: 'client_id_taken',
    actor: bob,
    forge: (server) => {
      const device = copyOf(server, alicePhone);
      appendText(device, bob.id, 'sneaky', now);
      return Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
    },
  },
  {
    reason: 'nested_type',
    how: 'an item inside a new nested map',
    forge: edit((d) => {
      const nested = new Y.Map<unknown>();
      nested.set('text', 'hola');
      conversationParts(d).messages.push([nested as never]);
    }),
  },
  {
    reason: 'nested_type',
    how: 'next to an item of a nested type the server has (never accepted from a client)',
    server: () => {
      const doc = conversation();
      const nested = new Y.Map<unknown>();
      doc.getMap('extra').set('nested', nested);
      nested.set('k', 1);
      return doc;
    },
    forge: edit((d) => (d.getMap('extra').get('nested') as Y.Map<unknown>).set('k', 2)),
  },
  {
    reason: 'unsupported_content',
    how: 'text',
    forge: edit((d) => d.getText('messages').insert(0, 'x')),
  },
  {
    reason: 'unsupported_content',
    how: 'an empty nested map',
    forge: edit((d) => conversationParts(d).messages.push([new Y.Map() as never])),
  },
  {
    reason: 'unsupported_content',
    how: 'binary',
    forge: edit((d) => conversationParts(d).messages.push([new Uint8Array([1]) as never])),
  },
  {
    reason: 'too_many_changes',
    details: { max: limits.maxItemsPerUpdate },
    forge: edit((d) => {
      for (let i = 0; i <= limits.maxItemsPerUpdate; i++) appendText(d, alice.id, `m${i}`, now);
    }),
  },
  {
    reason: 'missing_dependencies',
    // Alice's second device deletes a receipt her first device wrote but has not sent.
    forge: (server) => {
      const first = copyOf(server);
      raiseReceipt(first, alice.id, { d: 1 });
      const second = copyOf(first);
      const before = Y.encodeStateVector(second);
      conversationParts(second).receipts.delete(alice.id);
      return Y.encodeStateAsUpdate(second, before);
    },
  },
];

const conversationRows: Row[] = [
  {
    reason: 'head_only_field',
    details: { field: 'receipts' },
    name: epoch3,
    server: () => new Y.Doc(),
    forge: edit((d) => raiseReceipt(d, alice.id, { d: 1 })),
  },
  {
    reason: 'head_only_field',
    details: { field: 'meta' },
    name: epoch3,
    server: () => new Y.Doc(),
    forge: edit((d) => conversationParts(d).meta.set('epoch', 9)),
  },
  {
    reason: 'wrong_field_type',
    details: { field: 'messages' },
    forge: edit((d) =>
      d.getMap('messages').set('k', {
        id: 'abcdefgh12',
        author: alice.id,
        n: 2,
        at: now,
        kind: 'text',
        text: 'hola',
      }),
    ),
  },
  {
    reason: 'invalid_message',
    how: 'an object that is no message',
    forge: edit((d) => conversationParts(d).messages.push([{ hello: 1 } as never])),
  },
  {
    reason: 'invalid_message',
    how: 'an overlong text',
    forge: edit((d) =>
      conversationParts(d).messages.push([
        {
          id: 'abcdefgh12',
          author: alice.id,
          n: 2,
          at: now,
          kind: 'text',
          text: 'x'.repeat(limits.maxMessageChars + 1),
        },
      ]),
    ),
  },
  {
    reason: 'invalid_message',
    how: 'a system message in one’s own name',
    forge: edit((d) =>
      conversationParts(d).messages.push([
        {
          id: 'abcdefgh12',
          author: alice.id,
          n: 0,
          at: now,
          kind: 'system',
          event: 'opted_in',
          text: 'You opted in.',
        } as never,
      ]),
    ),
  },
  {
    reason: 'system_message',
    forge: edit((d) => appendSystem(d, 'opted_out', 'You opted out.', now)),
  },
  {
    reason: 'not_author',
    forge: edit((d) => appendText(d, bob.id, 'I owe you 100', now)),
  },
  {
    reason: 'time_in_future',
    forge: edit((d) => appendText(d, alice.id, 'from tomorrow', now + 3_600_000)),
  },
  {
    reason: 'not_own_receipt',
    forge: edit((d) => raiseReceipt(d, bob.id, { d: 5, r: 5 })),
  },
  {
    reason: 'invalid_receipt',
    how: 'read ahead of delivered',
    forge: edit((d) => conversationParts(d).receipts.set(alice.id, { d: 1, r: 2 })),
  },
  {
    reason: 'invalid_receipt',
    how: 'not a receipt',
    forge: edit((d) => conversationParts(d).receipts.set(alice.id, 'all read' as never)),
  },
  {
    reason: 'receipt_backwards',
    server: () => {
      const doc = conversation();
      raiseReceipt(doc, alice.id, { d: 5, r: 5 });
      return doc;
    },
    forge: edit((d) => conversationParts(d).receipts.set(alice.id, { d: 4, r: 4 })),
  },
  {
    reason: 'wrong_field_type',
    details: { field: 'deleted' },
    forge: edit((d) => d.getArray('deleted').push([{ at: now }])),
  },
  {
    reason: 'tombstone_removed',
    // Set and removed before sending: the update carries the tombstone's item as deleted.
    forge: edit((d) => {
      const { deleted } = conversationParts(d);
      deleted.set(messageOf(d)!.id, { at: now });
      deleted.delete(messageOf(d)!.id);
    }),
  },
  {
    reason: 'invalid_tombstone',
    forge: edit((d) =>
      conversationParts(d).deleted.set(messageOf(d)!.id, { at: now, why: 'x' } as never),
    ),
  },
  {
    reason: 'not_author',
    how: 'a tombstone in another identity’s name',
    forge: edit((d) => conversationParts(d).deleted.set(messageOf(d)!.id, { at: now, by: bob.id })),
  },
  {
    reason: 'duplicate_message',
    how: 'the id of a stored message of the other party',
    actor: bob,
    forge: edit((d) =>
      conversationParts(d).messages.push([
        { id: messageOf(d)!.id, author: bob.id, n: 1, at: now, kind: 'text', text: 'edited' },
      ]),
    ),
  },
  {
    reason: 'duplicate_message',
    how: 'one id twice in one update',
    forge: edit((d) => {
      const first = appendText(d, alice.id, 'one', now);
      conversationParts(d).messages.push([{ ...first, n: first.n + 1, text: 'two' }]);
    }),
  },
  {
    reason: 'ambiguous_message',
    // Stored before ids were unique: Bob's copy of Alice's id came first.
    server: () => {
      const doc = conversation();
      const original = messageOf(doc)!;
      conversationParts(doc).messages.insert(0, [{ ...original, author: bob.id }]);
      return doc;
    },
    forge: edit((d) => conversationParts(d).deleted.set(messageOf(d)!.id, { at: now })),
  },
  {
    reason: 'server_field',
    details: { field: 'received' },
    forge: edit((d) => conversationParts(d).received.set(messageOf(d)!.id, now - 10 * 86_400_000)),
  },
  {
    reason: 'receive_time_fixed',
    actor: platformActor,
    server: () => {
      const doc = conversation();
      conversationParts(doc).received.set(messageOf(doc)!.id, now - 1000);
      return doc;
    },
    forge: edit((d) => conversationParts(d).received.set(messageOf(d)!.id, now - 10 * 86_400_000)),
  },
  {
    reason: 'epoch_closed',
    how: 'an epoch left with no record of when',
    server: () => {
      const doc = conversation();
      conversationParts(doc).meta.set('epoch', 1);
      return doc;
    },
    forge: edit(write('into the old epoch')),
  },
  {
    reason: 'epoch_closed',
    how: 'more than a week after the roll-over',
    server: () => leftAt(now - leftEpochLimits.lateWriteMs - 1),
    forge: edit(write('into the old epoch')),
  },
  {
    reason: 'epoch_late_limit',
    server: () => leftAt(now - 1000),
    forge: edit((d) => {
      for (let i = 0; i <= leftEpochLimits.maxLateItemsPerIdentity; i++)
        appendText(d, alice.id, `late ${i}`, now);
    }),
  },
  {
    reason: 'no_such_message',
    forge: edit((d) => conversationParts(d).deleted.set('abcdefgh99', { at: now })),
  },
  {
    reason: 'not_author',
    actor: bob,
    forge: edit((d) => conversationParts(d).deleted.set(messageOf(d)!.id, { at: now })),
  },
  {
    reason: 'delete_too_late',
    server: () => {
      const doc = conversation();
      appendText(doc, alice.id, 'old', now - limits.deleteForEveryoneMs - 1);
      return doc;
    },
    forge: edit((d) => {
      const old = conversationParts(d).messages.get(1)!;
      conversationParts(d).deleted.set(old.id, { at: now });
    }),
  },
  {
    reason: 'server_field',
    details: { field: 'meta' },
    forge: edit((d) => conversationParts(d).meta.set('participants', [])),
  },
  {
    reason: 'unknown_field',
    details: { field: 'extra' },
    forge: edit((d) => d.getMap('extra').set('k', 1)),
  },
  {
    reason: 'message_removed',
    forge: edit((d) => conversationParts(d).messages.delete(0, 1)),
  },
  {
    reason: 'removal_not_allowed',
    details: { field: 'deleted' },
    how: 'overwriting a tombstone',
    server: () => {
      const doc = conversation();
      conversationParts(doc).deleted.set(messageOf(doc)!.id, { at: now - 500 });
      return doc;
    },
    forge: edit((d) => conversationParts(d).deleted.set(messageOf(d)!.id, { at: now })),
  },
  {
    reason: 'removal_not_allowed',
    details: { field: 'deleted' },
    how: 'removing a tombstone',
    server: () => {
      const doc = conversation();
      conversationParts(doc).deleted.set(messageOf(doc)!.id, { at: now - 500 });
      return doc;
    },
    forge: edit((d) => conversationParts(d).deleted.delete(messageOf(d)!.id)),
  },
  {
    reason: 'removal_not_allowed',
    details: { field: 'receipts' },
    forge: edit((d) => conversationParts(d).receipts.delete(bob.id)),
  },
  {
    reason: 'receipt_removed',
    how: 'so that a lower one could follow',
    server: () => {
      const doc = conversation();
      raiseReceipt(doc, alice.id, { d: 5, r: 5 });
      return doc;
    },
    forge: edit((d) => conversationParts(d).receipts.delete(alice.id)),
  },
  {
    reason: 'removal_not_allowed',
    details: { field: 'meta' },
    forge: edit((d) => conversationParts(d).meta.delete('kind')),
  },
];

const otherKindRows: Row[] = [
  {
    reason: 'not_owner',
    name: prefs,
    actor: shop,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('prefs').set('businessMessages', true)),
  },
  {
    reason: 'not_owner',
    how: 'a removal',
    name: prefs,
    actor: shop,
    server: () => {
      const doc = new Y.Doc();
      doc.getMap('prefs').set(`optIn:${shop.id}`, false);
      return doc;
    },
    forge: edit((d) => d.getMap('prefs').delete(`optIn:${shop.id}`)),
  },
  {
    reason: 'unknown_field',
    how: 'preferences outside the prefs map',
    name: prefs,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('other').set('x', 1)),
  },
  {
    reason: 'unknown_field',
    how: 'preferences as a list',
    name: prefs,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getArray('prefs').push([true])),
  },
  {
    reason: 'unknown_field',
    details: { field: 'colour' },
    name: prefs,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('prefs').set('colour', 'blue')),
  },
  {
    reason: 'invalid_value',
    details: { field: 'businessMessages' },
    name: prefs,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('prefs').set('businessMessages', 'maybe')),
  },
  {
    reason: 'not_owner',
    name: profile,
    actor: rival,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('profile').set('description', 'Bad bread')),
  },
  {
    reason: 'not_owner',
    how: 'a removal',
    name: profile,
    actor: rival,
    server: () => {
      const doc = new Y.Doc();
      doc.getMap('profile').set('description', 'Fresh bread');
      return doc;
    },
    forge: edit((d) => d.getMap('profile').delete('description')),
  },
  ...['name', 'verified', 'category', 'photo'].map((field): Row => ({
    reason: 'platform_only',
    details: { field },
    name: profile,
    actor: shop,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('profile').set(field, field === 'verified' ? true : 'x')),
  })),
  {
    reason: 'unknown_field',
    how: 'a profile outside the profile map',
    name: profile,
    actor: shop,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('other').set('description', 'x')),
  },
  {
    reason: 'unknown_field',
    how: 'removing from outside the profile map',
    name: profile,
    actor: shop,
    server: () => {
      const doc = new Y.Doc();
      doc.getMap('other').set('description', 'x');
      return doc;
    },
    forge: edit((d) => d.getMap('other').delete('description')),
  },
  {
    reason: 'unknown_field',
    details: { field: 'motto' },
    name: profile,
    actor: shop,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('profile').set('motto', 'x')),
  },
  {
    reason: 'invalid_value',
    details: { field: 'websites' },
    name: profile,
    actor: shop,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('profile').set('websites', ['javascript:alert(1)'])),
  },
  {
    reason: 'not_owner',
    name: inbox,
    actor: rival,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getMap('notes').set('c1', 'hello')),
  },
  {
    reason: 'not_owner',
    how: 'a removal',
    name: inbox,
    actor: rival,
    server: () => {
      const doc = new Y.Doc();
      doc.getMap('notes').set('c1', 'hello');
      return doc;
    },
    forge: edit((d) => d.getMap('notes').delete('c1')),
  },
  {
    reason: 'unknown_field',
    how: 'an inbox list',
    name: inbox,
    actor: shop,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getArray('notes').push(['hello'])),
  },
  {
    reason: 'removal_not_allowed',
    details: { field: 'secrets' },
    name: inbox,
    actor: shop,
    server: () => {
      const doc = new Y.Doc();
      doc.getMap('secrets').set('k', 'v');
      return doc;
    },
    forge: edit((d) => d.getMap('secrets').delete('k')),
  },
  {
    reason: 'platform_only',
    name: announcements,
    actor: shop,
    server: () => new Y.Doc(),
    forge: edit((d) => d.getArray('posts').push([{ text: 'hello' }])),
  },
  {
    reason: 'platform_only',
    how: 'a removal',
    name: announcements,
    actor: shop,
    server: () => {
      const doc = new Y.Doc();
      doc.getArray('posts').push([{ text: 'hello' }]);
      return doc;
    },
    forge: edit((d) => d.getArray('posts').delete(0, 1)),
  },
];

function verdictOf({
  name = head,
  actor = alice,
  server = conversation,
  forge,
}: Omit<Row, 'reason'>) {
  const doc = server();
  return validateUpdate(doc, forge(doc), { name, actor, now, ownerOf });
}

describe.each([
  ['the update validator', validatorRows],
  ['conversation rules', conversationRows],
  ['preference, profile, inbox and announcement rules', otherKindRows],
])('%s refuses', (_part, rows) => {
  for (const row of rows) {
    it(row.how ? `${row.reason} (${row.how})` : row.reason, () => {
      const verdict = verdictOf(row);
      expect(verdict).toMatchObject({ ok: false, reason: row.reason });
      if (row.details) expect(verdict).toMatchObject({ details: row.details });
    });
  }
});

describe('delete for everyone in the update that writes the message', () => {
  it('is accepted for one’s own message', () => {
    const verdict = verdictOf({
      forge: edit((d) => {
        const message = appendText(d, alice.id, 'oops', now);
        conversationParts(d).deleted.set(message.id, { at: now });
      }),
    });
    expect(verdict).toMatchObject({ ok: true, items: 2 });
  });

  it('is refused for a message forged in another author’s name', () => {
    const verdict = verdictOf({
      forge: edit((d) => {
        const forged = appendText(d, bob.id, 'never said', now);
        conversationParts(d).deleted.set(forged.id, { at: now });
      }),
    });
    expect(verdict).toEqual({ ok: false, reason: 'not_author' });
  });

  it('is refused for a message too old to delete, in the same update', () => {
    const verdict = verdictOf({
      forge: edit((d) => {
        const old = appendText(d, alice.id, 'old', now - limits.deleteForEveryoneMs - 1);
        conversationParts(d).deleted.set(old.id, { at: now });
      }),
    });
    expect(verdict).toEqual({ ok: false, reason: 'delete_too_late' });
  });
});
