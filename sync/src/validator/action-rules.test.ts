/** Message actions, attacked with hand-built updates: each forged action refused with its code. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, initConversation } from '../docs/conversation.ts';
import {
  ActionRefused,
  appendForward,
  appendReply,
  checkForwardTargets,
  editMessage,
  react,
  reactionKey,
  readEdits,
  readReactions,
  replyTo,
  shownText,
} from '../docs/actions.ts';
import { readChat } from '../docs/chat-rules.ts';
import type { Actor } from '../identity.ts';
import type { DocName } from '../docs/names.ts';
import { limits } from '../limits.ts';
import { validateUpdate } from './validate-update.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const bob: Actor = { id: 'u_bob', kind: 'person' };
const platform: Actor = { id: 'platform', kind: 'platform' };
const now = 1_700_000_000_000;
const conv: DocName = { kind: 'conv', id: 'c1', epoch: 0 };

function conversation(): Y.Doc {
  const doc = new Y.Doc();
  initConversation(doc, 'private', [
    { id: alice.id, kind: 'person' },
    { id: bob.id, kind: 'person' },
  ]);
  return doc;
}

/** What `edit` does to a device's copy of `server`, validated as `actor` at `at`. */
function attempt(server: Y.Doc, actor: Actor, edit: (doc: Y.Doc) => void, at = now) {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  edit(device);
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  const verdict = validateUpdate(server, update, {
    name: conv,
    actor,
    now: at,
    ownerOf: () => undefined,
  });
  return { verdict, apply: () => Y.applyUpdate(server, update) };
}

const verdictOf = (...args: Parameters<typeof attempt>) => attempt(...args).verdict;

describe('reactions', () => {
  it('lets a person set, change and remove their own reaction', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'hola', now);
    // From the picker too: skin tones, keycaps, joined sequences, a subdivision flag (tags).
    for (const emoji of [
      '👍',
      '❤️',
      '👍🏽',
      '#️⃣',
      '👩‍💻',
      '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
      null,
    ]) {
      const tried = attempt(server, bob, (d) => react([d], message.id, bob.id, emoji, now));
      expect(tried.verdict.ok).toBe(true);
      tried.apply();
      expect(readReactions([server]).get(message.id)?.get(bob.id)).toBe(emoji ?? undefined);
    }
  });

  it('refuses a reaction as someone else, to no message, of a wrong shape', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'hola', now);
    const set = (key: string, value: unknown) => (d: Y.Doc) =>
      conversationParts(d).reactions.set(key, value);
    const ok = { emoji: '👍', at: now };
    expect(verdictOf(server, bob, set(reactionKey(message.id, alice.id), ok))).toEqual({
      ok: false,
      reason: 'not_reactor',
    });
    expect(verdictOf(server, bob, set(reactionKey('nothere12', bob.id), ok))).toEqual({
      ok: false,
      reason: 'no_such_message',
    });
    for (const value of [
      { emoji: 'hello', at: now },
      { emoji: '\u{E0067}a', at: now },
      { emoji: '👍' },
      'x',
    ])
      expect(verdictOf(server, bob, set(reactionKey(message.id, bob.id), value))).toEqual({
        ok: false,
        reason: 'invalid_reaction',
      });
    expect(verdictOf(server, bob, set(`${message.id}`, ok))).toEqual({
      ok: false,
      reason: 'invalid_reaction',
    });
  });

  it("refuses removing someone's reaction, and a bare removal of one's own", () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'hola', now);
    attempt(server, bob, (d) => react([d], message.id, bob.id, '👍', now)).apply();
    const key = reactionKey(message.id, bob.id);
    expect(verdictOf(server, alice, (d) => conversationParts(d).reactions.delete(key))).toEqual({
      ok: false,
      reason: 'removal_not_allowed',
      details: { field: 'reactions' },
    });
    expect(verdictOf(server, bob, (d) => conversationParts(d).reactions.delete(key))).toEqual({
      ok: false,
      reason: 'removal_not_allowed',
      details: { field: 'reactions' },
    });
  });

  it('refuses reacting to a message deleted for everyone', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'hola', now);
    conversationParts(server).deleted.set(message.id, { at: now, by: alice.id });
    expect(() => react([server], message.id, bob.id, '👍', now)).toThrow(ActionRefused);
    expect(
      verdictOf(server, bob, (d) =>
        conversationParts(d).reactions.set(reactionKey(message.id, bob.id), {
          emoji: '👍',
          at: now,
        }),
      ),
    ).toEqual({ ok: false, reason: 'message_deleted' });
  });
});

describe('edits', () => {
  it('lets the author edit their text within 15 minutes, keeping the history', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'helo', now);
    conversationParts(server).received.set(message.id, now);
    const tried = attempt(server, alice, (d) =>
      editMessage([d], message.id, alice.id, 'hello', now + 60_000),
    );
    expect(tried.verdict.ok).toBe(true);
    tried.apply();
    attempt(server, alice, (d) => editMessage([d], message.id, alice.id, 'hello!', now)).apply();
    const history = readEdits([server]).get(message.id)!;
    expect(history.map((e) => e.text)).toEqual(['hello', 'hello!']);
    expect(shownText(message, history)).toBe('hello!');
  });

  it('refuses an edit as someone else, of another’s message, too late, of a wrong shape', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'helo', now);
    conversationParts(server).received.set(message.id, now);
    const push = (value: unknown) => (d: Y.Doc) => conversationParts(d).edits.push([value]);
    const edit = { id: message.id, by: alice.id, text: 'hello', at: now };
    expect(verdictOf(server, bob, push(edit))).toEqual({ ok: false, reason: 'not_editor' });
    expect(verdictOf(server, bob, push({ ...edit, by: bob.id }))).toEqual({
      ok: false,
      reason: 'edit_not_author',
    });
    const late = now + limits.editWindowMs + 1;
    expect(verdictOf(server, alice, push(edit), late)).toEqual({
      ok: false,
      reason: 'edit_too_late',
    });
    expect(() => editMessage([server], message.id, alice.id, 'x', late)).toThrow('edit_too_late');
    expect(verdictOf(server, alice, push({ ...edit, text: '' }))).toEqual({
      ok: false,
      reason: 'invalid_edit',
    });
    expect(verdictOf(server, alice, push({ ...edit, id: 'nothere12' }))).toEqual({
      ok: false,
      reason: 'no_such_message',
    });
  });

  it('refuses removing an edit', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'helo', now);
    attempt(server, alice, (d) => editMessage([d], message.id, alice.id, 'hello', now)).apply();
    expect(verdictOf(server, alice, (d) => conversationParts(d).edits.delete(0, 1))).toEqual({
      ok: false,
      reason: 'message_removed',
    });
  });
});

describe('replies and forwards', () => {
  it('accepts a reply quoting a message of the conversation as it is', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'Is the shop open?', now);
    expect(replyTo([server], message.id)).toEqual({
      id: message.id,
      author: alice.id,
      snapshot: 'Is the shop open?',
    });
    const tried = attempt(server, bob, (d) => appendReply([d], bob.id, 'Yes', message.id, now));
    expect(tried.verdict.ok).toBe(true);
  });

  it('refuses a reply naming a message of another conversation, or misquoting it', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'Is the shop open?', now);
    const other = conversation();
    const elsewhere = appendText(other, bob.id, 'secret', now);
    const reply = (value: unknown) => (d: Y.Doc) =>
      appendText(d, bob.id, 'Yes', now, [], { reply: value as never });
    expect(
      verdictOf(server, bob, reply({ id: elsewhere.id, author: bob.id, snapshot: 'secret' })),
    ).toEqual({ ok: false, reason: 'reply_not_found', details: { id: elsewhere.id } });
    expect(verdictOf(server, bob, reply({ id: message.id, author: bob.id }))).toEqual({
      ok: false,
      reason: 'reply_mismatch',
    });
    expect(
      verdictOf(server, bob, reply({ id: message.id, author: alice.id, snapshot: 'I said yes' })),
    ).toEqual({ ok: false, reason: 'reply_mismatch' });
    // A forward carrying a reply of the chat it came from is refused the same way.
    expect(
      verdictOf(server, bob, (d) =>
        appendText(d, bob.id, 'fwd', now, [], {
          forwarded: true,
          reply: { id: elsewhere.id, author: bob.id },
        }),
      ),
    ).toMatchObject({ ok: false, reason: 'reply_not_found' });
  });

  it('forwards a copy marked forwarded, to at most 5 chats', () => {
    const source = conversation();
    const message = appendText(source, alice.id, 'Calle Mayor 1', now);
    const server = conversation();
    const tried = attempt(server, bob, (d) => appendForward([d], bob.id, message, now));
    expect(tried.verdict.ok).toBe(true);
    tried.apply();
    const [copy] = readChat([server], () => true);
    expect(copy!.entry.message).toMatchObject({
      kind: 'text',
      text: 'Calle Mayor 1',
      forwarded: true,
    });
    expect(copy!.entry.message.id).not.toBe(message.id);
    expect(() => checkForwardTargets(['a', 'b', 'c', 'd', 'e'])).not.toThrow();
    expect(() => checkForwardTargets(['a', 'b', 'c', 'd', 'e', 'f'])).toThrow('too_many_forwards');
    expect(() => checkForwardTargets(['a', 'a'])).toThrow('too_many_forwards');
  });
});

describe('the deleted stub', () => {
  function deletedByAlice() {
    const server = conversation();
    const message = appendText(server, alice.id, 'wrong chat', now);
    attempt(server, alice, (d) =>
      editMessage([d], message.id, alice.id, 'wrong chat!', now),
    ).apply();
    return { server, message };
  }
  const stubOf = (m: { id: string; author: string; n: number; at: number }) => ({
    id: m.id,
    author: m.author,
    n: m.n,
    at: m.at,
    kind: 'deleted',
    deleted: now,
  });
  const replace = (id: string, stub: unknown) => (d: Y.Doc) => {
    const { messages } = conversationParts(d);
    const index = messages.toArray().findIndex((m) => m.id === id);
    messages.delete(index, 1);
    messages.insert(index, [stub as never]);
  };

  it('lets only the platform replace a message deleted for everyone, and drop its edits', () => {
    const { server, message } = deletedByAlice();
    expect(verdictOf(server, platform, replace(message.id, stubOf(message)))).toEqual({
      ok: false,
      reason: 'message_removed',
    });
    conversationParts(server).deleted.set(message.id, { at: now, by: alice.id });
    expect(verdictOf(server, alice, replace(message.id, stubOf(message)))).toEqual({
      ok: false,
      reason: 'platform_only',
      details: { field: 'messages' },
    });
    expect(
      verdictOf(server, platform, replace(message.id, { ...stubOf(message), n: 9 })),
    ).toMatchObject({ ok: false, reason: 'invalid_message' });
    const purge = attempt(server, platform, (d) => {
      replace(message.id, stubOf(message))(d);
      conversationParts(d).edits.delete(0, 1);
    });
    expect(purge.verdict).toMatchObject({ ok: true, messages: [] });
    purge.apply();
    const [row] = readChat([server], () => true);
    expect(row).toMatchObject({ deleted: true, entry: { message: stubOf(message) } });
    expect(
      Array.from(Y.encodeStateAsUpdate(server), (b) => String.fromCharCode(b)).join(''),
    ).not.toContain('wrong chat');
  });

  it('refuses the platform removing a message that is not deleted', () => {
    const server = conversation();
    const message = appendText(server, alice.id, 'keep me', now);
    expect(verdictOf(server, platform, (d) => conversationParts(d).messages.delete(0, 1))).toEqual({
      ok: false,
      reason: 'message_removed',
    });
    expect(
      verdictOf(server, platform, (d) =>
        conversationParts(d).messages.push([stubOf(message) as never]),
      ),
    ).toEqual({ ok: false, reason: 'message_removed' });
  });
});
