/**
 * The everyday kinds (voice, audio, document, video, location, contact) under the update
 * validator: honest updates pass, and updates built byte by byte as a hostile client would (wrong
 * types, a huge waveform, lat 91, someone else's name as author) are refused with their reason.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initConversation } from '../docs/conversation.ts';
import type { Actor } from '../identity.ts';
import type { DocName } from '../docs/names.ts';
import { appendEveryday } from '../kinds/append.ts';
import { kindSamples } from '../kinds/samples.ts';
import { forgedUpdate, valueItem } from '../client/testing/forged-updates.ts';
import { validateUpdate } from './validate-update.ts';

const ana: Actor = { id: 'u_ana', kind: 'person' };
const shop: Actor = { id: 'b_shop', kind: 'business' };
const now = 1_700_000_000_000;
const conv: DocName = { kind: 'conv', id: 'c1', epoch: 0 };

function server(): Y.Doc {
  const doc = new Y.Doc();
  initConversation(doc, 'business', [
    { id: ana.id, kind: 'person' },
    { id: shop.id, kind: 'business' },
  ]);
  return doc;
}

/** A message value written straight into the `messages` array by a fresh client. */
function forged(actor: Actor, value: unknown) {
  const update = forgedUpdate([valueItem(777, 0, 'messages', value)]);
  return validateUpdate(server(), update, { name: conv, actor, now, ownerOf: () => undefined });
}

const message = (content: object, author = ana.id) => ({
  id: 'msg_00000001',
  author,
  n: 1,
  at: now,
  ...content,
});

describe('everyday kinds in the validator', () => {
  it.each(Object.values(kindSamples))(
    'accepts an honest $kind appended by its author',
    (sample) => {
      const doc = server();
      const device = new Y.Doc();
      Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
      appendEveryday(device, ana.id, sample, now);
      const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(doc));
      expect(
        validateUpdate(doc, update, { name: conv, actor: ana, now, ownerOf: () => undefined }),
      ).toMatchObject({ ok: true });
    },
  );

  it.each([
    ['lat 91', { ...kindSamples.location, lat: 91 }, 'lat'],
    ['lon as text', { ...kindSamples.location, lon: '-3.7' }, 'lon'],
    ['a huge waveform', { ...kindSamples.voice, waveform: Array(100_000).fill(9) }, 'waveform'],
    ['a waveform of strings', { ...kindSamples.voice, waveform: ['a'] }, 'waveform.0'],
    ['a voice note of an hour', { ...kindSamples.voice, durationMs: 3_600_000 }, 'durationMs'],
    [
      'a media URL for an id',
      { ...kindSamples.video, media: 'https://evil.example/x.mp4' },
      'media',
    ],
    ['a document with a path', { ...kindSamples.document, name: '/etc/passwd' }, 'name'],
    ['a document of 2 GB', { ...kindSamples.document, size: 2 ** 31 }, 'size'],
    [
      'a vCard 3',
      { kind: 'contact', vcard: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD' },
      'vcard',
    ],
    ['a contact as an object', { kind: 'contact', vcard: { fn: 'A' } }, 'vcard'],
    ['an unknown field', { ...kindSamples.location, url: 'https://maps.example' }, ''],
  ])('refuses %s as invalid_message at its field', (_name, content, path) => {
    expect(forged(ana, message(content))).toMatchObject({
      ok: false,
      reason: 'invalid_message',
      details: { path },
    });
  });

  it.each(Object.values(kindSamples))(
    'refuses a $kind written in the other party’s name',
    (sample) => {
      expect(forged(ana, message(sample, shop.id))).toMatchObject({
        ok: false,
        reason: 'not_author',
      });
      expect(forged(shop, message(sample, ana.id))).toMatchObject({
        ok: false,
        reason: 'not_author',
      });
    },
  );
});
