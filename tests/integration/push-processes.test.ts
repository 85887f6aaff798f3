/**
 * Web Push with two server processes on one PostgreSQL database: both start at once on an empty
 * database and end up with one VAPID key; both see every committed message on the bus, and each
 * message is still pushed exactly once, whichever process the sender and the recipient use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText, plainText, readMessageEntries } from '@souk/sync';
import { startTestServer, type TestServer } from '../support/server.ts';
import { freshDatabase } from '../support/processes.ts';
import { eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';
import { pushService, type PushService } from './push-service.ts';

describe('Web Push across two processes on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let first: TestServer;
  let second: TestServer;
  let push: PushService;
  let alice: SignedIn;
  let bob: SignedIn;
  let aliceDevice: RawParty;
  let bobDevice: RawParty;
  let doc: string;

  const subscribe = async (server: TestServer, who: SignedIn, name: string) => {
    const response = await fetch(`${server.url}/api/push/subscriptions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: who.cookie,
        'x-souk-app': 'personal',
        origin: server.url,
      },
      body: JSON.stringify(push.subscribe(name)),
    });
    expect(response.status).toBe(201);
  };

  beforeAll(async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: database.url };
    [first, second] = await Promise.all([startTestServer(env), startTestServer(env)]);
    push = await pushService();
    alice = await signIn(first.url, '+34677820001');
    bob = await signIn(second.url, '+34677820002');
    doc = await startChat(first.url, alice, bob.phone);
    aliceDevice = await rawParty(first.url, alice);
    bobDevice = await rawParty(second.url, bob);
    await aliceDevice.open(doc);
    await bobDevice.open(doc);
    await subscribe(first, alice, 'alice');
    await subscribe(second, bob, 'bob');
  }, 60_000);

  afterAll(async () => {
    aliceDevice?.close();
    bobDevice?.close();
    await first?.close();
    await second?.close();
    await push?.close();
    await database?.drop();
  });

  it('shares one VAPID key between processes that started together', async () => {
    const keys = await Promise.all(
      [first, second].map(
        async (s) =>
          ((await (await fetch(`${s.url}/api/push/key`)).json()) as { publicKey: string })
            .publicKey,
      ),
    );
    expect(keys[0]).toBe(keys[1]);
  });

  it('pushes each message exactly once', async () => {
    const count = 6;
    for (let i = 1; i <= count; i++) {
      const [from, who] = i % 2 ? [aliceDevice, alice] : [bobDevice, bob];
      const answer = await from.write(doc, (d) =>
        appendText(d, who.id, `message ${i}`, Date.now()),
      );
      expect(answer).toMatchObject({ type: 'ack' });
    }
    const total = () => push.received('alice').length + push.received('bob').length;
    await eventually(() => total() >= count, 10_000, 'every push');
    // Barrier: each process has put every commit on its bus (and so before its notifier) — its
    // own before the ack, the other's once its device has the message live. Then no push is
    // still to come once both notifiers settle: a late duplicate would be among those received.
    const texts = (device: RawParty) =>
      readMessageEntries(device.doc(doc)).map((entry) => plainText(entry.message));
    const everyMessage = (device: RawParty) => () =>
      Array.from({ length: count }, (_, i) => `message ${i + 1}`).every((text) =>
        texts(device).includes(text),
      );
    await eventually(everyMessage(aliceDevice), 10_000, 'the first process to see every message');
    await eventually(everyMessage(bobDevice), 10_000, 'the second process to see every message');
    await Promise.all([first.push.settled(), second.push.settled()]);
    expect(
      push
        .received('bob')
        .map((p) => p.payload.body)
        .sort(),
    ).toEqual(['message 1', 'message 3', 'message 5']);
    expect(
      push
        .received('alice')
        .map((p) => p.payload.body)
        .sort(),
    ).toEqual(['message 2', 'message 4', 'message 6']);
  });
});
