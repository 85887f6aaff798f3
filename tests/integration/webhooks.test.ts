/**
 * Webhooks to a local receiver, on both backends: registering an endpoint (secret shown once),
 * signed events for opt-in and opt-out, API sends, the customer's device receiving and reading,
 * a customer's message and refusals; retries with backoff after the receiver fails, giving up
 * after the last attempt, and the delivery log the business app shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/server.ts';
import { eventually } from '../support/people.ts';
import { apiWorld } from './business-api-support.ts';
import { receiver, signatureValid } from './webhooks-support.ts';
import * as Y from 'yjs';
import {
  appendEveryday,
  appendImage,
  appendText,
  conversationParts,
  deleteOwnMessage,
  editMessage,
  everydayKinds,
  react,
  type Message,
} from '@souk/sync';
import { kindSamplesIn } from '../support/chat-media.ts';

describe.each(backends)('webhooks (%s)', (backend) => {
  const world = apiWorld(backend, '+34 679 200 001', '+3467920', {
    apiLimits: { perMinute: 10_000 },
    webhooks: { pollMs: 30, baseDelayMs: 1000, maxAttempts: 3 },
  });
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let shop: Awaited<ReturnType<typeof world.business>>;
  let key: string;
  let secret: string;

  beforeAll(async () => {
    hooks = await receiver();
    await world.start();
    shop = await world.business('Panadería Sol');
    key = await world.key(shop, ['messages:send']);
  }, 60_000);
  afterAll(async () => {
    await world.stop();
    await hooks.close();
  });

  /** Waits for `count` events of `type`, moving the clock so retries come due. */
  async function waitFor(type: string, count = 1) {
    await eventually(
      () => {
        world.advance(1000);
        return hooks.of(type).length >= count;
      },
      15_000,
      type,
    );
    return hooks.of(type);
  }

  it('registers an endpoint, shows its secret once, refuses URLs it cannot call', async () => {
    const bad = await world.h.asBusiness(shop, 'PUT', '/business/webhook', {
      url: 'ftp://example.com/x',
    });
    expect(bad.status).toBe(400);
    const set = await world.h.asBusiness(shop, 'PUT', '/business/webhook', { url: hooks.url });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    secret = set.body.secret;
    expect(secret).toMatch(/^whsec_/);
    const got = await world.h.asBusiness(shop, 'GET', '/business/webhook');
    expect(got.body).toEqual({ url: hooks.url, createdAt: expect.any(Number) });
  });

  it('signs and delivers opt-in, sent, delivered, read, received, refused and opt-out', async () => {
    const customer = await world.person();
    await world.prefs(customer, { [`optIn:${shop.id}`]: true });
    const [optIn] = await waitFor('customer.opted_in');
    expect(optIn!.body.data).toMatchObject({ customer: customer.who.phone, optedIn: true });
    expect(signatureValid(secret, optIn!)).toBe(true);
    expect(signatureValid('whsec_wrong', optIn!)).toBe(false);
    expect(optIn!.headers['souk-event']).toBe('customer.opted_in');

    const sent = await world.api(key, 'POST', '/messages', {
      to: customer.who.phone,
      template: { name: 'order_shipped', parameters: { name: 'Ana', order_id: 'A-1' } },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const [sentEvent] = await waitFor('message.sent');
    expect(sentEvent!.body.data).toMatchObject({ messageId: sent.body.id, to: customer.who.phone });

    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = chat.body.doc as string;
    await customer.device.open(doc);
    await world.receipt(customer, doc, 1);
    const [delivered] = await waitFor('message.delivered');
    expect(delivered!.body.data.messageId).toBe(sent.body.id);
    await world.receipt(customer, doc, 1, 1);
    const [read] = await waitFor('message.read');
    expect(read!.body.data.messageId).toBe(sent.body.id);

    expect((await world.say(customer, doc, 'Thanks! When does it arrive?')).type).toBe('ack');
    const [incoming] = await waitFor('message.received');
    expect(incoming!.body.data).toMatchObject({
      from: customer.who.phone,
      text: 'Thanks! When does it arrive?',
    });

    await world.prefs(customer, { [`optIn:${shop.id}`]: false });
    await waitFor('customer.opted_out');
    world.advance(25 * 60 * 60 * 1000);
    const refused = await world.api(key, 'POST', '/messages', {
      to: customer.who.phone,
      template: { name: 'order_shipped', parameters: { name: 'Ana', order_id: 'A-2' } },
    });
    expect(refused.status).toBe(403);
    const [refusal] = await waitFor('message.refused');
    expect(refusal!.body.data).toMatchObject({ reason: 'not_opted_in', to: customer.who.phone });
    expect(hooks.received.every((r) => signatureValid(secret, r))).toBe(true);
    // At least once, and here exactly once: one delivery per event.
    const ids = hooks.received.map((r) => r.body.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('retries with backoff after the receiver fails, then gives up after the last attempt', async () => {
    const customer = await world.person();
    hooks.state.failures = 2;
    await world.prefs(customer, { [`optIn:${shop.id}`]: true });
    await waitFor('customer.opted_in', 2);
    const log = await world.h.asBusiness(shop, 'GET', '/business/webhook/deliveries');
    const row = log.body.find(
      (d: { eventType: string; status: string }) => d.eventType === 'customer.opted_in',
    );
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });

    hooks.state.failAll = true;
    await world.prefs(customer, { [`optIn:${shop.id}`]: false });
    await eventually(
      async () => {
        world.advance(5000);
        const rows = (await world.h.asBusiness(shop, 'GET', '/business/webhook/deliveries')).body;
        return rows.some(
          (d: { eventType: string; status: string }) =>
            d.eventType === 'customer.opted_out' && d.status === 'failed',
        );
      },
      15_000,
      'a failed delivery',
    );
    const rows = (await world.h.asBusiness(shop, 'GET', '/business/webhook/deliveries')).body;
    const failed = rows.find((d: { status: string }) => d.status === 'failed');
    expect(failed).toMatchObject({ attempts: 3, lastError: 'HTTP 500', lastStatus: 500 });
    hooks.state.failAll = false;
  });

  it('carries each everyday kind with its fields, received and sent', async () => {
    const customer = await world.person();
    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = chat.body.doc as string;
    await customer.device.open(doc);
    const before = hooks.of('message.received').length;
    const samples = await kindSamplesIn(world.h.call, customer.who, 'personal', doc);
    for (const kind of everydayKinds) {
      const answer = await customer.device.write(doc, (d) =>
        appendEveryday(d, customer.who.id, samples[kind], world.clock.now()),
      );
      expect(answer.type, kind).toBe('ack');
    }
    const received = (await waitFor('message.received', before + everydayKinds.length)).slice(
      before,
    );
    for (const kind of everydayKinds) {
      const { kind: _kind, ...fields } = samples[kind];
      const event = received.find((r) => r.body.data.kind === kind);
      expect(event?.body.data, kind).toMatchObject({ from: customer.who.phone, [kind]: fields });
    }
    expect(received.find((r) => r.body.data.kind === 'contact')!.body.data.text).toBe(
      'Contact: Ana Pérez',
    );

    const sentBefore = hooks.of('message.sent').length;
    const location = { lat: 40.4168, lon: -3.7038, name: 'Our shop' };
    const sent = await world.api(key, 'POST', '/messages', { to: customer.who.phone, location });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const sentEvents = await waitFor('message.sent', sentBefore + 1);
    expect(sentEvents.find((e) => e.body.data.messageId === sent.body.id)!.body.data).toMatchObject(
      { kind: 'location', location },
    );
  });
  it('tells the shop of a customer’s reactions, edits and deletions', async () => {
    const customer = await world.person();
    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = chat.body.doc as string;
    await customer.device.open(doc);
    let asked!: Message;
    await customer.device.write(
      doc,
      (d) => (asked = appendText(d, customer.who.id, 'Do you sell rye?', world.clock.now())),
    );
    const sent = await world.api(key, 'POST', '/messages', { to: customer.who.phone, text: 'Yes' });
    expect(sent.status).toBe(201);
    await eventually(
      () => conversationParts(customer.device.doc(doc)).messages.length === 2,
      5000,
      'the answer arrives',
    );
    const now = world.clock.now();
    for (const change of [
      (d: Y.Doc) => editMessage([d], asked.id, customer.who.id, 'Do you sell rye bread?', now),
      (d: Y.Doc) => react([d], sent.body.id, customer.who.id, '👍', now),
      (d: Y.Doc) => react([d], sent.body.id, customer.who.id, '🙏', now),
      (d: Y.Doc) => deleteOwnMessage([d], asked.id, customer.who.id, now),
    ])
      expect((await customer.device.write(doc, change)).type).toBe('ack');
    const [edited] = await waitFor('message.edited');
    expect(edited!.body.data).toMatchObject({
      from: customer.who.phone,
      messageId: asked.id,
      text: 'Do you sell rye bread?',
    });
    // The change is told; the first reaction too, unless the deletion's compaction collected it.
    await eventually(
      () => {
        world.advance(1000);
        return hooks.of('message.reaction').some((r) => r.body.data.emoji === '🙏');
      },
      15_000,
      'the changed reaction',
    );
    // Deliveries may arrive in any order.
    expect(
      hooks.of('message.reaction').find((r) => r.body.data.emoji === '🙏')!.body.data,
    ).toMatchObject({
      from: customer.who.phone,
      messageId: sent.body.id,
    });
    const [deleted] = await waitFor('message.deleted');
    expect(deleted!.body.data).toMatchObject({ from: customer.who.phone, messageId: asked.id });
    expect(hooks.of('message.received').map((r) => r.body.data.messageId)).toContain(asked.id);
  });
  it('links each media file for an hour: a tampered, unsigned or late link is refused', async () => {
    const customer = await world.person();
    const chat = await world.h.call(customer.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    const doc = chat.body.doc as string;
    await customer.device.open(doc);
    const before = hooks.of('message.received').length;
    const samples = await kindSamplesIn(world.h.call, customer.who, 'personal', doc);
    const photo = `/media/${samples.voice.media}.webp` as const;
    const me = customer.who.id;
    for (const write of [
      (d: Y.Doc) => appendEveryday(d, me, samples.voice, world.clock.now()),
      (d: Y.Doc) => appendEveryday(d, me, samples.video, world.clock.now()),
      (d: Y.Doc) => appendEveryday(d, me, samples.document, world.clock.now()),
      (d: Y.Doc) =>
        appendImage(d, me, { url: photo, thumb: photo, width: 8, height: 8 }, world.clock.now()),
    ])
      expect((await customer.device.write(doc, write)).type).toBe('ack');
    const received = (await waitFor('message.received', before + 4)).slice(before);
    const data = (kind: string) => received.find((r) => r.body.data.kind === kind)!.body.data;
    const origin = world.h.server.url;
    const links = [
      data('voice').voice.downloadUrl,
      data('video').video.downloadUrl,
      data('video').video.posterDownloadUrl,
      data('document').document.downloadUrl,
      data('document').document.previewDownloadUrl,
      data('image').image.downloadUrl,
      data('image').image.thumbDownloadUrl,
    ] as string[];
    for (const link of links) {
      expect(link.startsWith(`${origin}/media/`), link).toBe(true);
      // No session, no API key: the signature is the permission.
      const got = await fetch(link);
      expect(got.status, link).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/webp');
      expect((await got.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    const expiresAt = data('voice').downloadUrlsExpireAt as number;
    expect(expiresAt).toBeGreaterThan(world.clock.now() + 59 * 60 * 1000);
    expect(expiresAt).toBeLessThanOrEqual(world.clock.now() + 60 * 60 * 1000);

    const refusal = async (url: string) => {
      const got = await fetch(url);
      const body = (await got.json()) as { details?: { reason?: string } };
      return { status: got.status, reason: body.details?.reason };
    };
    const link = new URL(links[0]!);
    const signature = link.searchParams.get('signature')!;
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    const tampered = new URL(link);
    tampered.searchParams.set('signature', flipped);
    const longer = new URL(link);
    longer.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 3600));
    const otherFile = new URL(link);
    otherFile.pathname = '/media/AAAAAAAAAAAAAAAAAAAAAA';
    const otherBusiness = new URL(link);
    otherBusiness.searchParams.set('business', customer.who.id);
    for (const url of [tampered, longer, otherFile, otherBusiness])
      expect(await refusal(url.href), url.href).toEqual({
        status: 403,
        reason: 'media_link_invalid',
      });
    // Without its query the link is a plain media URL: no session, no file.
    expect((await fetch(`${origin}${link.pathname}`)).status).toBe(404);

    world.advance(expiresAt - world.clock.now());
    expect(await refusal(link.href)).toEqual({ status: 403, reason: 'media_link_expired' });
  });
});
