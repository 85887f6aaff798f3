/**
 * The epoch index (server/src/sync/epoch-index.ts): a write into a long conversation loads the
 * head, the epoch written to and the current one, and only the left epochs that name a message
 * the write names — and every rule that reaches across epochs still holds, with the other epochs
 * in storage alone: a message id is unique (a late write's ids too), a tombstone, a reaction and
 * a reply find their message, and a reply's snapshot sees an edit stored in an epoch left since.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendText,
  conversationParts,
  epochDocName,
  readEpoch,
  type TextMessage,
} from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { eventually, signIn, startChat } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';

const epochSize = 4;

describe.each(backends)('the epoch index on %s', (backend) => {
  let server: TestServer;
  const now = Date.now();
  const clock = { now: () => now };
  beforeAll(async () => {
    server = await startTestServer({}, { epochSize, clock }, backend);
  });
  afterAll(async () => server?.close());

  const stored = async (name: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await server.store.readStored(name));
    return doc;
  };
  /** Nothing of the conversation in memory: what a rule sees next comes from storage. */
  const unload = async () => {
    await server.submit.settled(); // a roll-over
    await server.follower.settled(); // a deletion's purge
    await eventually(
      () => server.store.unloadIdle(-1) >= 0 && server.store.loadedCount === 0,
      5_000,
      'unloaded',
    );
  };
  const loadedEpochs = (head: string) =>
    server.store.loadedNames
      .filter((name) => name === head || name.startsWith(`${head}~`))
      .map((name) => Number(name.split('~')[1] ?? 0))
      .sort();

  /** Fills the current epoch with Alice's messages and waits for the next one to start. */
  async function fill(alice: RawParty, head: string, epoch: number): Promise<TextMessage[]> {
    const name = epochDocName(head, epoch);
    await alice.open(name);
    const sent: TextMessage[] = [];
    const have = conversationParts(alice.doc(name)).messages.length;
    for (let i = have; i < epochSize; i++) {
      const frame = await alice.write(name, (d) =>
        sent.push(appendText(d, alice.id, `epoch ${epoch}, message ${i}`, now)),
      );
      expect(frame).toMatchObject({ type: 'ack' });
    }
    await eventually(async () => readEpoch(await stored(head)) === epoch + 1, 5_000, 'roll-over');
    return sent;
  }

  it('loads only what a write names, and keeps every rule across the epochs left', async () => {
    const a = await signIn(server.url, `+3466${backend === 'pglite' ? 73 : 74}00001`);
    const b = await signIn(server.url, `+3466${backend === 'pglite' ? 73 : 74}00002`);
    const head = await startChat(server.url, a, b.phone);
    const alice = await rawParty(server.url, a);
    const bob = await rawParty(server.url, b);
    await alice.open(head);
    const epochs = [await fill(alice, head, 0), await fill(alice, head, 1)];
    epochs.push(await fill(alice, head, 2));
    const current = epochDocName(head, 3);
    await alice.open(current);
    await bob.open(current);
    const say = (party: RawParty, text: string) =>
      party.write(current, (d) => appendText(d, party.id, text, now));

    // The first write after a roll-over indexes the epoch left; from then on a message loads the
    // head and the current epoch, whatever the length of the history.
    expect(await say(alice, 'indexes epoch 2')).toMatchObject({ type: 'ack' });
    await unload();
    expect(await say(alice, 'a plain message')).toMatchObject({ type: 'ack' });
    expect(loadedEpochs(head)).toEqual([0, 3]);

    // A copy of an id from epoch 1 is refused; the epoch that names it loads for the check.
    await unload();
    const copy = { ...epochs[1]![0]!, author: bob.id, text: 'not what Alice said' };
    expect(
      await bob.write(current, (d) => conversationParts(d).messages.push([copy])),
    ).toMatchObject({ type: 'error', code: 'duplicate_message' });
    expect(loadedEpochs(head)).toEqual([0, 1, 3]);

    // A late write into epoch 2 (Bob was offline) adds its id: a copy of it is refused too.
    await bob.open(epochDocName(head, 2));
    let late!: TextMessage;
    expect(
      await bob.write(epochDocName(head, 2), (d) => {
        late = appendText(d, bob.id, 'written offline', now);
      }),
    ).toMatchObject({ type: 'ack' });
    await unload();
    expect(
      await alice.write(current, (d) =>
        conversationParts(d).messages.push([{ ...late, author: alice.id }]),
      ),
    ).toMatchObject({ type: 'error', code: 'duplicate_message' });

    // A tombstone finds its message in a left epoch, and whose it is.
    await unload();
    const old = epochs[1]![2]!;
    expect(
      await bob.write(current, (d) =>
        conversationParts(d).deleted.set(old.id, { at: now, by: bob.id }),
      ),
    ).toMatchObject({ type: 'error', code: 'not_author' });
    await unload();
    expect(
      await alice.write(current, (d) =>
        conversationParts(d).deleted.set(old.id, { at: now, by: alice.id }),
      ),
    ).toMatchObject({ type: 'ack' });
    // A reaction to it now: it is deleted, wherever its tombstone is.
    await unload();
    expect(
      await bob.write(current, (d) =>
        conversationParts(d).reactions.set(`${old.id}/${bob.id}`, { emoji: '👍', at: now }),
      ),
    ).toMatchObject({ type: 'error', code: 'message_deleted' });
    expect(
      await bob.write(current, (d) =>
        conversationParts(d).reactions.set(`${epochs[1]![1]!.id}/${bob.id}`, {
          emoji: '👍',
          at: now,
        }),
      ),
    ).toMatchObject({ type: 'ack' });

    // An edit of an epoch-1 message goes into epoch 3; once epoch 3 is left too, a reply quoting
    // the edited text finds both the message (epoch 1) and its edit (epoch 3).
    const edited = epochs[1]![3]!;
    expect(
      await alice.write(current, (d) =>
        conversationParts(d).edits.push([{ id: edited.id, by: alice.id, text: 'fixed', at: now }]),
      ),
    ).toMatchObject({ type: 'ack' });
    await fill(alice, head, 3);
    const next = epochDocName(head, 4);
    await bob.open(next);
    expect(
      await bob.write(next, (d) => appendText(d, bob.id, 'indexes epoch 3', now)),
    ).toMatchObject({ type: 'ack' });
    await unload();
    const reply = (snapshot: string) => (d: Y.Doc) =>
      appendText(d, bob.id, 'about that', now, [], {
        reply: { id: edited.id, author: alice.id, snapshot },
      });
    expect(await bob.write(next, reply('fixed'))).toMatchObject({ type: 'ack' });
    expect(loadedEpochs(head)).toEqual([0, 1, 3, 4]);
    await unload();
    expect(await bob.write(next, reply('not what she wrote'))).toMatchObject({
      type: 'error',
      code: 'reply_mismatch',
    });
    alice.close();
    bob.close();
  });
});
