/**
 * The everyday kinds (issue 16: voice note, audio, document, video, location, contact card)
 * through the real server, on both databases: a business sends each only inside the customer's
 * 24-hour window, as free-form — through raw frames and through the Business API — and hand-built
 * hostile updates (wrong types, a huge waveform, lat 91, another party's name) are refused with
 * their reason code and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEveryday,
  conversationParts,
  everydayKinds,
  randomId,
  type EverydayKind,
} from '@souk/sync';
import { forgedUpdate, kindSamples, valueItem } from '@souk/sync/testing';
import * as Y from 'yjs';
import { backends } from '../support/server.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';
import type { SignedIn } from '../support/people.ts';
import { apiWorld, hour } from './business-api-support.ts';
import { kindSamplesIn } from '../support/chat-media.ts';

describe.each(backends)('everyday message kinds, on %s', (backend) => {
  const world = apiWorld(backend, '+34 676 400 001', '+3467640', {
    apiLimits: { perMinute: 10_000 },
  });
  let shop: SignedIn;
  let shopDevice: RawParty;
  let key: string;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Ferretería Luz');
    shopDevice = await rawParty(world.h.server.url, shop, 'business');
    key = await world.key(shop, ['messages:send']);
  });
  afterAll(async () => {
    shopDevice?.close();
    await world.stop();
  });

  /** A customer in a chat with the shop, opened on both devices; `wrote`: the window opened. */
  async function customer(wrote: boolean) {
    const person = await world.person();
    const reply = await world.h.call(person.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const doc = reply.body.doc as string;
    await person.device.open(doc);
    await shopDevice.open(doc);
    if (wrote)
      expect(await world.say(person, doc, 'Hola, ¿abrís hoy?')).toMatchObject({ type: 'ack' });
    return { ...person, doc };
  }

  const stored = async (doc: string) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await world.h.server.store.readStored(doc));
    return conversationParts(copy).messages.toArray();
  };

  /** The samples with media uploaded into the chat (a message names only its chat's media). */
  const samplesIn = (doc: string) => kindSamplesIn(world.h.call, shop, 'business', doc);

  const sendFrame = (doc: string, kind: EverydayKind, samples = kindSamples) =>
    shopDevice.write(doc, (d) => appendEveryday(d, shop.id, samples[kind], world.clock.now()));

  it('lets the shop send every kind by raw frames inside the window, and none outside it', async () => {
    const inside = await customer(true);
    const never = await customer(false);
    const samples = await samplesIn(inside.doc);
    for (const kind of everydayKinds) {
      expect(await sendFrame(inside.doc, kind, samples), kind).toMatchObject({ type: 'ack' });
      expect(await sendFrame(never.doc, kind), kind).toMatchObject({
        type: 'error',
        kind: 'not_delivered',
        code: 'outside_window',
      });
    }
    world.advance(24 * hour + 1);
    for (const kind of everydayKinds)
      expect(await sendFrame(inside.doc, kind, samples), kind).toMatchObject({
        type: 'error',
        code: 'outside_window',
      });
    expect((await stored(inside.doc)).map((m) => m.kind)).toEqual(['text', ...everydayKinds]);
    expect(await stored(never.doc)).toEqual([]);
  });

  it('lets the shop send every kind through the Business API inside the window only', async () => {
    const inside = await customer(true);
    const never = await customer(false);
    const to = (c: { who: SignedIn }) => c.who.phone;
    const samples = await samplesIn(inside.doc);
    for (const kind of everydayKinds) {
      const { kind: _kind, ...content } = samples[kind];
      const sent = await world.api(key, 'POST', '/messages', { to: to(inside), [kind]: content });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      expect(sent.body.kind).toBe(kind);
      const refused = await world.api(key, 'POST', '/messages', { to: to(never), [kind]: content });
      expect(refused.status, kind).toBe(403);
      expect(refused.body).toMatchObject({
        kind: 'not_delivered',
        details: { reason: 'outside_window' },
      });
    }
    const contact = await world.api(key, 'POST', '/messages', {
      to: to(inside),
      contact: { name: 'Ana Pérez', phones: ['+34600000009'] },
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const messages = await stored(inside.doc);
    expect(messages.map((m) => m.kind)).toEqual(['text', ...everydayKinds, 'contact']);
    expect(messages.at(-1)).toMatchObject({ vcard: expect.stringContaining('FN:Ana Pérez') });
    expect(await stored(never.doc)).toEqual([]);
  });

  it('answers a malformed kind through the API with the field’s path, and sends nothing', async () => {
    const inside = await customer(true);
    const bad = [
      [{ location: { ...kindSamples.location, kind: undefined, lat: 91 } }, 'location.lat'],
      [
        { voice: { ...kindSamples.voice, kind: undefined, waveform: Array(5000).fill(1) } },
        'voice.waveform',
      ],
      [{ contact: { vcard: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD' } }, 'contact.vcard'],
    ] as const;
    for (const [body, path] of bad) {
      const reply = await world.api(key, 'POST', '/messages', { to: inside.who.phone, ...body });
      expect(reply.status, JSON.stringify(reply.body)).toBe(400);
      expect(reply.body).toMatchObject({ kind: 'bad_request', details: { path } });
    }
    const two = await world.api(key, 'POST', '/messages', {
      to: inside.who.phone,
      text: 'hi',
      location: { lat: 1, lon: 2 },
    });
    expect(two.status).toBe(400);
    expect((await stored(inside.doc)).map((m) => m.kind)).toEqual(['text']);
  });

  it('refuses hand-built hostile updates of each kind with their reason, storing nothing', async () => {
    const c = await customer(true);
    const message = (content: object, author = c.who.id) => ({
      id: randomId(),
      author,
      n: 2,
      at: world.clock.now(),
      ...content,
    });
    const forged = (value: unknown) =>
      c.device.send(
        c.doc,
        forgedUpdate([
          valueItem(0x5eed0000 + Math.floor(Math.random() * 1e6), 0, 'messages', value),
        ]),
      );
    const cases: Array<[unknown, string, Record<string, unknown>?]> = [
      [message({ ...kindSamples.location, lat: 91 }), 'invalid_message', { path: 'lat' }],
      [message({ ...kindSamples.location, lon: '-3.7' }), 'invalid_message', { path: 'lon' }],
      [
        message({ ...kindSamples.voice, waveform: Array(20_000).fill(255) }),
        'invalid_message',
        { path: 'waveform' },
      ],
      [
        message({ ...kindSamples.voice, durationMs: 'long' }),
        'invalid_message',
        { path: 'durationMs' },
      ],
      [
        message({ ...kindSamples.document, name: '../../etc/passwd' }),
        'invalid_message',
        { path: 'name' },
      ],
      [message({ ...kindSamples.video, poster: 42 }), 'invalid_message', { path: 'poster' }],
      [
        message({ kind: 'contact', vcard: 'BEGIN:VCARD\r\nFN:x\r\nEND:VCARD' }),
        'invalid_message',
        { path: 'vcard' },
      ],
      [message(kindSamples.location, shop.id), 'not_author'],
      [message(kindSamples.contact, shop.id), 'not_author'],
    ];
    for (const [value, code, details] of cases) {
      const answer = await forged(value);
      expect(answer, JSON.stringify(value).slice(0, 120)).toMatchObject({
        type: 'error',
        kind: 'refused_update',
        code,
        ...(details ? { details } : {}),
      });
    }
    expect((await stored(c.doc)).map((m) => m.kind)).toEqual(['text']);
  });

  it('counts each kind in the statistics, sent and received', async () => {
    const kinds = async () => {
      const reply = await world.h.asBusiness(shop, 'GET', '/business/stats');
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const rows = reply.body.kinds as Array<{ kind: string; sent: number; received: number }>;
      return new Map(rows.map((row) => [row.kind, row]));
    };
    const before = await kinds();
    const c = await customer(true);
    const samples = await samplesIn(c.doc);
    const customerSends = ['location', 'contact', 'voice'] as const;
    for (const kind of customerSends) {
      const answer = await c.device.write(c.doc, (d) =>
        appendEveryday(d, c.who.id, samples[kind], world.clock.now()),
      );
      expect(answer, kind).toMatchObject({ type: 'ack' });
    }
    for (const kind of ['document', 'location'] as const)
      expect(await sendFrame(c.doc, kind, samples), kind).toMatchObject({ type: 'ack' });
    const after = await kinds();
    const delta = (kind: string, field: 'sent' | 'received') =>
      (after.get(kind)?.[field] ?? 0) - (before.get(kind)?.[field] ?? 0);
    expect(delta('text', 'received')).toBe(1);
    for (const kind of customerSends) expect(delta(kind, 'received'), kind).toBe(1);
    expect(delta('document', 'sent')).toBe(1);
    expect(delta('location', 'sent')).toBe(1);
    expect(delta('contact', 'sent')).toBe(0);
  });
});
