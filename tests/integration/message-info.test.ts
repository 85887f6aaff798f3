/**
 * A message's info and forwarding media (issue 17), from a hostile client's side, on both
 * databases: the times are the server's (its clock, in the commit storing each receipt), shown to
 * the message's author only; someone else's message, another chat's message id and a chat one is
 * not in are refused with their codes. Media is shared into another chat only by someone who sees
 * it and is in that chat; a forwarded document naming another chat's media stays `foreign_media`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  appendEveryday,
  appendForward,
  appendText,
  conversationParts,
  parseDocName,
  raiseReceipt,
  type Message,
} from '@souk/sync';
import { kindSamples } from '@souk/sync/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStorage, type TestStorage } from '../support/processes.ts';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { freePort } from '../support/ports.ts';
import { eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawParty } from '../support/raw-party.ts';

describe.each(backends)('message info and media sharing on %s', (backend) => {
  let storage: TestStorage;
  let server: TestServer;
  let now = 1_800_000_000_000;
  const clock = { now: () => now };
  const mediaDir = mkdtempSync(join(tmpdir(), 'souk-media-'));
  let serial = 0;
  const phone = () => `+3466${backend === 'pglite' ? 83 : 84}${String(++serial).padStart(5, '0')}`;

  beforeAll(async () => {
    storage = await testStorage(backend);
    const env = { ...storage.env, PORT: String(await freePort()), SOUK_MEDIA_DIR: mediaDir };
    server = await startTestServer(env, { clock }, 'pglite');
  });
  afterAll(async () => {
    await server?.close();
    await storage?.drop();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  async function api(who: SignedIn, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}/api${path}`, {
      method,
      headers: {
        'x-souk-app': 'personal',
        cookie: who.cookie,
        origin: server.url,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as { details?: { reason?: string } };
    return { status: response.status, body: json as unknown, reason: json.details?.reason };
  }
  const info = (who: SignedIn, head: string, id: string) =>
    api(who, 'GET', `/chats/${parseDocName(head)!.id}/messages/${id}/info`);

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

  async function photoId(who: SignedIn, head: string): Promise<string> {
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
    const { url } = (await response.json()) as { url: string };
    return /^\/media\/([A-Za-z0-9_-]+)\./.exec(url)![1]!;
  }

  it('gives the author the server’s time of each state, and nobody else anything', async () => {
    const { head, alice, bob, a, b } = await chat();
    const outsider = await signIn(server.url, phone());
    const other = await chat(alice);
    let sent!: Message;
    const sentAt = now;
    // The device claims a time a day off: only the server's clock is ever answered.
    const deviceTime = now - 86_400_000;
    expect(
      await a.write(head, (d) => (sent = appendText(d, a.id, 'hola', deviceTime))),
    ).toMatchObject({ type: 'ack' });
    expect((await info(alice, head, sent.id)).body).toEqual({
      id: sent.id,
      sentAt,
      recipients: [{ id: bob.id, deliveredAt: null, readAt: null }],
    });

    await eventually(() => conversationParts(b.doc(head)).messages.length > 0, 5000, 'bob has it');
    now += 60_000;
    const deliveredAt = now;
    expect(await b.write(head, (d) => raiseReceipt(d, b.id, { d: sent.n }))).toMatchObject({
      type: 'ack',
    });
    now += 60_000;
    expect(await b.write(head, (d) => raiseReceipt(d, b.id, { r: sent.n }))).toMatchObject({
      type: 'ack',
    });
    expect((await info(alice, head, sent.id)).body).toEqual({
      id: sent.id,
      sentAt,
      recipients: [{ id: bob.id, deliveredAt, readAt: now }],
    });

    // Bob asks about Alice's message; an outsider about the chat; Alice names her message in
    // another of her chats, and an id no chat has.
    expect(await info(bob, head, sent.id)).toMatchObject({ status: 403, reason: 'not_author' });
    expect(await info(outsider, head, sent.id)).toMatchObject({
      status: 403,
      reason: 'not_readable',
    });
    expect(await info(alice, other.head, sent.id)).toMatchObject({
      status: 404,
      reason: 'no_such_message',
    });
    expect(await info(alice, head, 'no-such-id')).toMatchObject({
      status: 404,
      reason: 'no_such_message',
    });
    // A receipt forged in Alice's name for her own message is refused, and records nothing.
    const forged = await b.write(head, (d) =>
      conversationParts(d).receipts.set(a.id, { d: 9, r: 9 }),
    );
    expect(forged).toMatchObject({ type: 'error', code: 'not_own_receipt' });
    for (const party of [a, b, other.a, other.b]) party.close();
  });

  it('shares media into another chat only for one who sees it and is in that chat', async () => {
    const first = await chat();
    const second = await chat(first.alice);
    const stranger = await chat();
    const media = await photoId(first.alice, first.head);
    const document = { ...kindSamples.document, media, preview: media };
    let sent!: Message;
    await first.a.write(first.head, (d) => (sent = appendEveryday(d, first.a.id, document, now)));
    const a2 = second.a;
    const share = (who: SignedIn, id: string, head: string) =>
      api(who, 'POST', `/media/${id}/chats`, { chat: parseDocName(head)!.id });

    // Not shared yet: the forwarded document names media of the first chat.
    expect(await a2.write(second.head, (d) => appendForward([d], a2.id, sent, now))).toMatchObject({
      type: 'error',
      code: 'foreign_media',
    });
    // Someone who cannot see the media, or into a chat one is not in.
    expect(await share(stranger.alice, media, stranger.head)).toMatchObject({
      status: 403,
      reason: 'foreign_media',
    });
    expect(await share(second.bob, media, second.head)).toMatchObject({
      status: 403,
      reason: 'foreign_media',
    });
    expect(await share(first.alice, media, stranger.head)).toMatchObject({
      status: 403,
      reason: 'not_a_member',
    });
    expect(await share(first.alice, 'no-such-media-id', second.head)).toMatchObject({
      status: 403,
      reason: 'foreign_media',
    });
    // The stranger still cannot name it in their own chat.
    const sa = stranger.a;
    expect(
      await sa.write(stranger.head, (d) => appendForward([d], sa.id, sent, now)),
    ).toMatchObject({
      type: 'error',
      code: 'foreign_media',
    });

    expect(await share(first.alice, media, second.head)).toMatchObject({
      status: 200,
      body: { media },
    });
    expect(await a2.write(second.head, (d) => appendForward([d], a2.id, sent, now))).toMatchObject({
      type: 'ack',
    });
    // Now Bob of the second chat sees it; the stranger still does not.
    const fetchAs = (who: SignedIn) =>
      fetch(`${server.url}/media/${media}.webp`, { headers: { cookie: who.cookie } });
    expect((await fetchAs(second.bob)).status).toBe(200);
    expect((await fetchAs(stranger.alice)).status).not.toBe(200);
    for (const party of [first.a, first.b, second.a, second.b, stranger.a, stranger.b])
      party.close();
  });
});
