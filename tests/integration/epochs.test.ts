/**
 * Long conversations are sharded by epoch: when the current epoch is full the server opens the
 * next; devices get every epoch; and accepting a message loads the head and the current epoch of
 * the conversation, nothing else of it (the epochs left are found through the epoch index).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendText,
  conversationParts,
  epochDocName,
  MemoryDocStore,
  readEpoch,
  plainText,
  type Refusal,
} from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { device, eventually, signIn, startChat } from '../support/people.ts';

describe.each(backends)('on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { epochSize: 5 }, backend);
  });
  afterAll(async () => server?.close());

  const storedDoc = async (name: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await server.store.readStored(name));
    return doc;
  };

  it('rolls over to new epochs and loads the head and the current epoch to accept a message', async () => {
    const alice = await signIn(server.url, '+34666600001');
    const bob = await signIn(server.url, '+34666600002');
    const head = await startChat(server.url, alice, bob.phone);
    const a = device(server.url, alice);
    a.client.start();
    const headDoc = await a.client.open(head);
    await eventually(() => a.client.status === 'online', 10_000, 'online');

    const sent: string[] = [];
    for (let i = 0; i < 12; i++) {
      const epoch = readEpoch(headDoc);
      const docs = await Promise.all(
        Array.from({ length: epoch + 1 }, (_, e) => a.client.open(epochDocName(head, e))),
      );
      sent.push(appendText(docs.at(-1)!, alice.id, `m${i}`, Date.now(), docs.slice(-2, -1)).text);
      await eventually(() => a.client.status === 'online', 10_000, 'acked');
      // Wait for the roll-over the fifth message of an epoch triggers.
      if (conversationParts(docs.at(-1)!).messages.length >= 5) {
        await eventually(() => readEpoch(headDoc) === epoch + 1, 10_000, `epoch ${epoch + 1}`);
      }
    }
    expect(readEpoch(headDoc)).toBe(2);

    // Bob's new device receives the head and every epoch, and the numbering runs on across them.
    const b = device(server.url, bob, new MemoryDocStore());
    b.client.start();
    const texts = () =>
      [0, 1, 2].flatMap((e) => {
        const doc = b.store.docs.get(epochDocName(head, e));
        return doc ? conversationParts(doc).messages.toArray() : [];
      });
    await eventually(() => texts().length === 12, 10_000, 'bob has every epoch');
    expect(texts().map(plainText)).toEqual(sent);
    expect(texts().map((m) => m.n)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

    // With everything unloaded, one more message loads the head and the current epoch: epoch 1,
    // left, is in the epoch index since the first message of epoch 2 (epoch-index.test.ts).
    await eventually(
      () => server.store.unloadIdle(-1) >= 0 && server.store.loadedCount === 0,
      5_000,
      'unloaded',
    );
    const current = await a.client.open(epochDocName(head, 2));
    appendText(current, alice.id, 'one more', Date.now());
    await eventually(() => a.client.status === 'online', 10_000, 'acked');
    // The senders' preferences load for the rules too.
    const conversations = server.store.loadedNames.filter((name) => name.startsWith('conv:'));
    expect(conversations.sort()).toEqual([0, 2].map((e) => epochDocName(head, e)));
    a.client.stop();
    b.client.stop();
  });

  it('refuses a message into an epoch the conversation has not reached', async () => {
    const erin = await signIn(server.url, '+34666600005');
    const frank = await signIn(server.url, '+34666600006');
    const head = await startChat(server.url, erin, frank.phone);
    const e = device(server.url, erin);
    e.client.start();
    const ahead = await e.client.open(epochDocName(head, 3));
    const refused = new Promise<Refusal>((resolve) =>
      e.client.on('refused', (_n, refusal) => resolve(refusal)),
    );
    appendText(ahead, erin.id, 'filling epoch 3 early', Date.now());
    expect(await refused).toMatchObject({ code: 'epoch_not_started' });
    expect(conversationParts(await storedDoc(epochDocName(head, 3))).messages.length).toBe(0);
    e.client.stop();
  });

  it('refuses receipts or participants written into an epoch document', async () => {
    const carol = await signIn(server.url, '+34666600003');
    const dave = await signIn(server.url, '+34666600004');
    const head = await startChat(server.url, carol, dave.phone);
    const c = device(server.url, carol);
    c.client.start();
    // Fill epoch 0 (five messages here) so that epoch 1 starts.
    const headDoc = await c.client.open(head);
    for (let i = 0; i < 5; i++) appendText(headDoc, carol.id, `m${i}`, Date.now());
    await eventually(() => readEpoch(headDoc) === 1, 10_000, 'epoch 1');
    const epochDoc = await c.client.open(epochDocName(head, 1));
    const refused = new Promise<Refusal>((resolve) =>
      c.client.on('refused', (_n, refusal) => resolve(refusal)),
    );
    conversationParts(epochDoc).receipts.set(carol.id, { d: 1, r: 1 });
    expect(await refused).toMatchObject({
      code: 'head_only_field',
      details: { field: 'receipts' },
    });
    c.client.stop();
  });
});
