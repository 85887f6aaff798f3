/**
 * Message actions (issue 17) tried as a modified app would — hand-built Yjs updates over raw
 * frames — on both databases: each forged reaction, edit, reply, forward and late delete is
 * refused with its code, and so is one message forwarded into a sixth chat at once; a message
 * deleted for everyone leaves only its stub, in the stored rows (compacted once the log's other
 * consumers have read them) and on the other device, and its photo stops being served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import sharp from 'sharp';
import {
  appendEveryday,
  appendForward,
  appendImage,
  appendReply,
  appendText,
  conversationParts,
  deleteOwnMessage,
  editMessage,
  parseDocName,
  react,
  reactionKey,
  readChat,
  readReactions,
  type Message,
} from '@souk/sync';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tusCreate, tusPatch } from '../support/tus.ts';
import { testStorage, type TestStorage } from '../support/processes.ts';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { freePort } from '../support/ports.ts';
import { eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawParty } from '../support/raw-party.ts';

const minute = 60 * 1000;
const hour = 60 * minute;

describe.each(backends)('message actions on %s', (backend) => {
  let storage: TestStorage;
  let server: TestServer;
  let closed = false;
  let port: number;
  let now = Date.now();
  const clock = { now: () => now };
  const mediaDir = mkdtempSync(join(tmpdir(), 'souk-media-'));
  const start = () =>
    startTestServer(
      { ...storage.env, PORT: String(port), SOUK_MEDIA_DIR: mediaDir },
      { clock },
      'pglite',
    );
  let serial = 0;
  const phone = () => `+3466${backend === 'pglite' ? 81 : 82}${String(++serial).padStart(5, '0')}`;

  beforeAll(async () => {
    storage = await testStorage(backend);
    port = await freePort();
    server = await start();
  });
  afterAll(async () => {
    if (!closed) await server?.close();
    await storage?.drop();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  async function chat(a?: SignedIn) {
    const alice = a ?? (await signIn(server.url, phone()));
    const bob = await signIn(server.url, phone());
    const head = await startChat(server.url, alice, bob.phone);
    const pa = await rawParty(server.url, alice);
    const pb = await rawParty(server.url, bob);
    await pa.open(head);
    await pb.open(head);
    return { head, alice, bob, a: pa, b: pb };
  }

  const refusal = (code: string) => ({ type: 'error', code });
  const ack = { type: 'ack' };

  async function upload(who: SignedIn, head: string): Promise<string> {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
      .jpeg()
      .toBuffer();
    const response = await fetch(`${server.url}/api/media/images?chat=${parseDocName(head)!.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'image/jpeg',
        'x-souk-app': 'personal',
        cookie: who.cookie,
        origin: server.url,
      },
      body: new Uint8Array(jpeg),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { url: string }).url;
  }

  it('takes honest reactions and edits, refuses forged ones with their codes', async () => {
    const { head, a, b } = await chat();
    let sent!: Message;
    expect(await a.write(head, (d) => (sent = appendText(d, a.id, 'helo', now)))).toMatchObject(
      ack,
    );
    await eventually(() => conversationParts(b.doc(head)).received.has(sent.id), 5000, 'bob');
    expect(await b.write(head, (d) => react([d], sent.id, b.id, '👍', now))).toMatchObject(ack);
    expect(await b.write(head, (d) => react([d], sent.id, b.id, '❤️', now))).toMatchObject(ack);
    // As Alice, on Bob's socket.
    expect(
      await b.write(head, (d) =>
        conversationParts(d).reactions.set(reactionKey(sent.id, a.id), { emoji: '👎', at: now }),
      ),
    ).toMatchObject(refusal('not_reactor'));
    await eventually(
      () =>
        readReactions([a.doc(head)])
          .get(sent.id)
          ?.get(b.id) === '❤️',
      5000,
      'alice sees the change',
    );
    expect(await a.write(head, (d) => editMessage([d], sent.id, a.id, 'hello', now))).toMatchObject(
      ack,
    );
    const forged = { id: sent.id, by: a.id, text: 'goodbye', at: now };
    expect(await b.write(head, (d) => conversationParts(d).edits.push([forged]))).toMatchObject(
      refusal('not_editor'),
    );
    expect(
      await b.write(head, (d) => conversationParts(d).edits.push([{ ...forged, by: b.id }])),
    ).toMatchObject(refusal('edit_not_author'));
    now += 16 * minute;
    expect(
      await a.write(head, (d) => conversationParts(d).edits.push([{ ...forged, at: now }])),
    ).toMatchObject(refusal('edit_too_late'));
    a.close();
    b.close();
  });

  it('refuses a reply or forward naming another chat’s message or media', async () => {
    const first = await chat();
    const second = await chat(first.alice);
    let secret!: Message;
    await first.b.write(first.head, (d) => (secret = appendText(d, first.b.id, 'secret', now)));
    const photo = await upload(first.alice, first.head);
    let shown!: Message;
    await first.a.write(
      first.head,
      (d) =>
        (shown = appendImage(
          d,
          first.a.id,
          { url: photo, thumb: photo, width: 8, height: 8 },
          now,
        )),
    );
    const a2 = second.a;
    expect(
      await a2.write(second.head, (d) =>
        appendText(d, a2.id, 'what?', now, [], {
          reply: { id: secret.id, author: first.b.id, snapshot: 'secret' },
        }),
      ),
    ).toMatchObject(refusal('reply_not_found'));
    // Forwarding the photo as is names media of the first chat.
    expect(await a2.write(second.head, (d) => appendForward([d], a2.id, shown, now))).toMatchObject(
      refusal('foreign_media'),
    );
    expect(
      await a2.write(second.head, (d) => appendForward([d], a2.id, secret, now)),
    ).toMatchObject(ack);
    let question!: Message;
    await second.b.write(second.head, (d) => (question = appendText(d, second.b.id, 'open?', now)));
    await eventually(
      () => conversationParts(a2.doc(second.head)).received.has(question.id),
      5000,
      'alice has the question',
    );
    expect(
      await a2.write(second.head, (d) => appendReply([d], a2.id, 'yes', question.id, now)),
    ).toMatchObject(ack);
    for (const party of [first.a, first.b, second.a, second.b]) party.close();
  });

  it('refuses one message forwarded into more than 5 chats at once (too_many_forwards)', async () => {
    const alice = await signIn(server.url, phone());
    const a = await rawParty(server.url, alice);
    const heads: string[] = [];
    for (let i = 0; i < 7; i++) {
      const bob = await signIn(server.url, phone());
      const head = await startChat(server.url, alice, bob.phone);
      await a.open(head);
      heads.push(head);
    }
    const original: Message = {
      id: 'fwd-original-1',
      author: 'u_somebody',
      n: 1,
      at: now,
      kind: 'text',
      text: 'Offer: two for one',
    };
    const forward = (head: string, message = original) =>
      a.write(head, (d) => appendForward([d], a.id, message, now));
    for (const head of heads.slice(0, 5)) expect(await forward(head)).toMatchObject(ack);
    // A modified app copies it into a sixth chat within the minute.
    expect(await forward(heads[5]!)).toMatchObject({
      ...refusal('too_many_forwards'),
      kind: 'refused_update',
      details: { max: 5 },
    });
    // Into one of the five again, or another message into the sixth: not a sixth chat.
    expect(await forward(heads[0]!)).toMatchObject(ack);
    expect(await forward(heads[5]!, { ...original, text: 'Something else' })).toMatchObject(ack);
    // A copy that is not marked forwarded is an ordinary message (and shown as one).
    expect(await a.write(heads[6]!, (d) => appendText(d, a.id, original.text, now))).toMatchObject(
      ack,
    );
    // Once the minute has passed, it is a new forward.
    now += minute + 1;
    expect(await forward(heads[6]!)).toMatchObject(ack);
    a.close();
  });

  it('deletes a document for everyone: its file leaves the disk', async () => {
    const { head, alice, a, b } = await chat();
    const bytes = new TextEncoder().encode('%PDF-1.4 the wrong invoice');
    const target = { base: server.url, who: alice };
    const chatId = parseDocName(head)!.id;
    const created = await tusCreate(target, { kind: 'document', chat: chatId }, bytes.length);
    expect((await tusPatch(target, created.location!, 0, bytes)).status).toBe(204);
    const result = await fetch(`${server.url}/api${created.location!}`, {
      headers: { cookie: alice.cookie, 'x-souk-app': 'personal' },
    });
    const { media } = (await result.json()) as { media: string };
    expect(existsSync(join(mediaDir, 'files', media))).toBe(true);
    let sent!: Message;
    await a.write(head, (d) => {
      sent = appendEveryday(
        d,
        a.id,
        { kind: 'document', media, mime: 'application/pdf', size: bytes.length, name: 'bill.pdf' },
        now,
      );
    });
    expect(await a.write(head, (d) => deleteOwnMessage([d], sent.id, a.id, now))).toMatchObject(
      ack,
    );
    await server.follower.settled(); // the purge
    expect(existsSync(join(mediaDir, 'files', media))).toBe(false);
    const served = await fetch(`${server.url}/media/${media}`, {
      headers: { cookie: alice.cookie },
    });
    expect(served.status).toBe(404);
    a.close();
    b.close();
  });

  it('purges from the log a tombstone stored without its purge (a crash in between)', async () => {
    const { head, a, b } = await chat();
    let sent!: Message;
    await a.write(head, (d) => (sent = appendText(d, a.id, 'crash words', now)));
    // Committed by the store alone: the submit path's purge after it never ran.
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(a.doc(head)));
    const before = Y.encodeStateVector(device);
    conversationParts(device).deleted.set(sent.id, { at: now, by: a.id });
    const stored = await server.store.apply(head, Y.encodeStateAsUpdate(device, before), {
      id: a.id,
      kind: 'person',
    });
    expect(stored.kind).toBe('stored');
    await eventually(
      () =>
        conversationParts(b.doc(head))
          .messages.toArray()
          .some((m) => m.id === sent.id && m.kind === 'deleted'),
      10_000,
      'the log purges it',
    );
    a.close();
    b.close();
  });

  it('deletes for everyone: too late refused; in time, the content leaves the stored rows', async () => {
    const { head, alice, a, b } = await chat();
    let old!: Message;
    await a.write(head, (d) => (old = appendText(d, a.id, 'two days ago', now)));
    now += 48 * hour + minute;
    expect(
      await a.write(head, (d) => conversationParts(d).deleted.set(old.id, { at: now, by: a.id })),
    ).toMatchObject(refusal('delete_too_late'));
    const photo = await upload(alice, head);
    let wrong!: Message;
    await a.write(head, (d) => {
      wrong = appendImage(
        d,
        a.id,
        { url: photo, thumb: photo, width: 8, height: 8, caption: 'wrong chat words' },
        now,
      );
    });
    expect(
      await b.write(head, (d) => conversationParts(d).deleted.set(wrong.id, { at: now, by: b.id })),
    ).toMatchObject(refusal('not_author'));
    expect(
      await a.write(head, (d) => conversationParts(d).deleted.set(wrong.id, { at: now, by: a.id })),
    ).toMatchObject(ack);
    await server.follower.settled(); // the purge
    const stub = {
      id: wrong.id,
      author: a.id,
      n: wrong.n,
      at: wrong.at,
      kind: 'deleted',
      deleted: now,
    };
    await eventually(
      () =>
        readChat([b.doc(head)], () => true).some(
          (r) => r.deleted && r.entry.message.kind === 'deleted',
        ),
      5000,
      'bob has the stub',
    );
    expect(
      readChat([b.doc(head)], () => true).find((r) => r.entry.message.id === wrong.id)!.entry
        .message,
    ).toEqual(stub);
    const media = await fetch(`${server.url}${photo}`, { headers: { cookie: alice.cookie } });
    expect(media.status).toBe(404);
    a.close();
    b.close();
    if (!storage.readableWhileRunning) {
      await server.close();
      closed = true;
    }
    const rows = await storage.query<{ data: Uint8Array }>(
      `SELECT data FROM doc_updates WHERE doc = $1 UNION ALL SELECT data FROM doc_snapshots WHERE doc = $1`,
      [head],
    );
    const bytes = rows.map((r) => Buffer.from(r.data).toString('latin1')).join('');
    expect(bytes).toContain('two days ago'); // the rows are there…
    expect(bytes).not.toContain('wrong chat words'); // …without the deleted message's content
    expect(bytes).not.toContain(photo.slice(7, 30));
    const stored = await storage.stored(head);
    expect(conversationParts(stored).messages.toArray()).toContainEqual(stub);
    // PGlite's server stays closed: the data directory is read, then dropped.
  });
});
