/**
 * Messages are owned, unique and ordered by the server (issue 13, items 1 and 9), tried as a
 * modified app would: hand-built Yjs updates over raw frames, on both databases.
 *
 * - A message id is unique in the conversation across its epochs: a copy is refused, never an "edit".
 * - A tombstone deletes only its author's message, found unambiguously by id.
 * - `at` is the author's; only one more than 5 minutes ahead of the server is refused. The server
 *   records its own receive time in `received`, which nobody else may write.
 * - An epoch the conversation left takes late writes for 7 days, at most 100 items per identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendText,
  conversationParts,
  epochDocName,
  leftEpochLimits,
  readEpoch,
  type TextMessage,
} from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';

const epochSize = 4;
const hour = 60 * 60 * 1000;

describe.each(backends)(
  'messages are owned, unique and ordered by the server, on %s',
  (backend) => {
    let server: TestServer;
    let now = Date.now();
    const clock = { now: () => now };
    let serial = 0;
    const phone = () =>
      `+3466${backend === 'pglite' ? 71 : 72}${String(++serial).padStart(5, '0')}`;

    beforeAll(async () => {
      server = await startTestServer({}, { epochSize, clock }, backend);
    });
    afterAll(async () => server?.close());

    const stored = async (name: string) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await server.store.readStored(name));
      return doc;
    };

    /** Alice and Bob in a chat, each on a raw socket with the head open. */
    async function chat(): Promise<{
      head: string;
      alice: RawParty;
      bob: RawParty;
      ids: SignedIn[];
    }> {
      const a = await signIn(server.url, phone());
      const b = await signIn(server.url, phone());
      const head = await startChat(server.url, a, b.phone);
      const alice = await rawParty(server.url, a);
      const bob = await rawParty(server.url, b);
      await alice.open(head);
      await bob.open(head);
      return { head, alice, bob, ids: [a, b] };
    }

    const textOf = (party: RawParty, author: string, text: string, at = now) =>
      ({
        id: `m_${Math.random().toString(36).slice(2, 12)}`,
        author,
        n: 1,
        at,
        kind: 'text',
        text,
      }) as TextMessage;

    it('refuses a second message with an existing id, and records the receive time of the first', async () => {
      const { head, alice, bob } = await chat();
      let original!: TextMessage;
      expect(
        await alice.write(head, (d) => (original = appendText(d, alice.id, 'meet at 5', now))),
      ).toMatchObject({ type: 'ack' });
      expect(conversationParts(await stored(head)).received.get(original.id)).toBe(now);
      await eventually(
        () => conversationParts(bob.doc(head)).received.has(original.id),
        5_000,
        'bob has it',
      );
      // Bob's "edit": his own message under Alice's id, put before hers in the array.
      const forged = { ...original, author: bob.id, text: 'meet at 9' };
      expect(
        await bob.write(head, (d) => conversationParts(d).messages.insert(0, [forged])),
      ).toMatchObject({ type: 'error', code: 'duplicate_message' });
      // And under his own authorship too: an id names one message, whoever writes it.
      const own = { ...original, author: alice.id, n: 2, text: 'meet at 9' };
      expect(
        await alice.write(head, (d) => conversationParts(d).messages.push([own])),
      ).toMatchObject({ type: 'error', code: 'duplicate_message' });
      const texts = conversationParts(await stored(head))
        .messages.toArray()
        .map((m) => m.author);
      expect(texts).toEqual([alice.id]);
      alice.close();
      bob.close();
    });

    it('refuses an id from an older epoch, and a tombstone of the other person’s message', async () => {
      const { head, alice, bob } = await chat();
      const sent: TextMessage[] = [];
      for (let i = 0; i < epochSize; i++)
        await alice.write(head, (d) => sent.push(appendText(d, alice.id, `m${i}`, now)));
      await eventually(async () => readEpoch(await stored(head)) === 1, 5_000, 'epoch 1');
      const epoch1 = epochDocName(head, 1);
      await bob.open(epoch1);
      const copy = { ...sent[0]!, author: bob.id, text: 'not what Alice said' };
      expect(
        await bob.write(epoch1, (d) => conversationParts(d).messages.push([copy])),
      ).toMatchObject({ type: 'error', code: 'duplicate_message' });
      // Deleting Alice's message: in its epoch, or in the current one naming her as the author.
      expect(
        await bob.write(head, (d) => conversationParts(d).deleted.set(sent[1]!.id, { at: now })),
      ).toMatchObject({ type: 'error', code: 'not_author' });
      expect(
        await bob.write(epoch1, (d) =>
          conversationParts(d).deleted.set(sent[1]!.id, { at: now, by: alice.id }),
        ),
      ).toMatchObject({ type: 'error', code: 'not_author' });
      // Alice deletes her own old message from the current epoch, naming it.
      await alice.open(epoch1);
      expect(
        await alice.write(epoch1, (d) =>
          conversationParts(d).deleted.set(sent[1]!.id, { at: now, by: alice.id }),
        ),
      ).toMatchObject({ type: 'ack' });
      alice.close();
      bob.close();
    });

    it('takes an `at` hours old, refuses one far ahead, and keeps `received` the server’s', async () => {
      const { head, alice, bob } = await chat();
      const offline = textOf(alice, alice.id, 'written on the plane', now - 5 * hour);
      expect(
        await alice.write(head, (d) => conversationParts(d).messages.push([offline])),
      ).toMatchObject({ type: 'ack' });
      expect(conversationParts(await stored(head)).received.get(offline.id)).toBe(now);
      // Alice's own socket gets the server's receive time too (her ack left it out).
      await eventually(
        () => conversationParts(alice.doc(head)).received.get(offline.id) === now,
        5_000,
        'echo',
      );
      const ahead = textOf(alice, alice.id, 'from the future', now + 6 * 60 * 1000);
      expect(
        await alice.write(head, (d) => conversationParts(d).messages.push([ahead])),
      ).toMatchObject({ type: 'error', code: 'time_in_future' });
      // Writing receive times: backdating one, or claiming one for a new message.
      expect(
        await bob.write(head, (d) => conversationParts(d).received.set(offline.id, now + hour)),
      ).toMatchObject({ type: 'error', code: 'server_field' });
      const mine = textOf(bob, bob.id, 'first!');
      expect(
        await bob.write(head, (d) => {
          conversationParts(d).messages.push([mine]);
          conversationParts(d).received.set(mine.id, 1);
        }),
      ).toMatchObject({ type: 'error', code: 'server_field' });
      expect(conversationParts(await stored(head)).received.get(offline.id)).toBe(now);
      alice.close();
      bob.close();
    });

    it('closes a left epoch to late writes after 7 days, and after 100 items per identity', async () => {
      const { head, alice, bob } = await chat();
      for (let i = 0; i < epochSize; i++)
        await alice.write(head, (d) => appendText(d, alice.id, `m${i}`, now));
      await eventually(async () => readEpoch(await stored(head)) === 1, 5_000, 'epoch 1');
      await server.submit.settled();
      // Bob was offline: his messages still go into epoch 0, up to the limit.
      const limit = leftEpochLimits.maxLateItemsPerIdentity;
      expect(
        await bob.write(head, (d) => {
          for (let i = 0; i < limit; i++) appendText(d, bob.id, `late ${i}`, now - hour);
        }),
      ).toMatchObject({ type: 'ack' });
      expect(await bob.write(head, (d) => appendText(d, bob.id, 'the 101st', now))).toMatchObject({
        type: 'error',
        code: 'epoch_late_limit',
      });
      // Alice's budget is her own; a week after the roll-over the epoch is closed to her too.
      expect(
        await alice.write(head, (d) => appendText(d, alice.id, 'late but in time', now)),
      ).toMatchObject({ type: 'ack' });
      const saved = now;
      now += leftEpochLimits.lateWriteMs + 1;
      try {
        expect(
          await alice.write(head, (d) => appendText(d, alice.id, 'a week late', now)),
        ).toMatchObject({ type: 'error', code: 'epoch_closed' });
        // The current epoch takes her message.
        const epoch1 = epochDocName(head, 1);
        await alice.open(epoch1);
        expect(
          await alice.write(epoch1, (d) => appendText(d, alice.id, 'here instead', now)),
        ).toMatchObject({ type: 'ack' });
      } finally {
        now = saved;
      }
      alice.close();
      bob.close();
    });
  },
);
