/**
 * The validator's media rule (media-rule.ts) with the server's lookup: a new message may name only
 * media bound to its own conversation; public media only inside a template message; without a
 * lookup (a device) nothing is checked.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendImage, initConversation } from '../docs/conversation.ts';
import type { Actor } from '../identity.ts';
import { mediaIdsIn } from '../docs/media-url.ts';
import { appendEveryday } from '../kinds/append.ts';
import { kindSamples } from '../kinds/samples.ts';
import type { MediaLookup } from './media-rule.ts';
import { validateUpdate } from './validate-update.ts';

const alice: Actor = { id: 'u_alice', kind: 'person' };
const now = 1_700_000_000_000;
const id = (c: string) => c.repeat(32);
const owners: Record<string, { public: boolean; chats: string[] }> = {
  [id('a')]: { public: false, chats: ['c1'] },
  [id('b')]: { public: false, chats: ['c2'] },
  [id('p')]: { public: true, chats: [] },
};
const lookup: MediaLookup = (media) => owners[media];

function send(url: string, media?: MediaLookup, voice?: string) {
  const server = new Y.Doc();
  initConversation(server, 'private', [
    { id: alice.id, kind: 'person' },
    { id: 'u_bob', kind: 'person' },
  ]);
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  const image = { url, thumb: `/media/${id('a')}.webp`, width: 10, height: 10 };
  if (voice) appendEveryday(device, alice.id, { ...kindSamples.voice, media: voice }, now);
  else appendImage(device, alice.id, image, now);
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  return validateUpdate(server, update, {
    name: { kind: 'conv', id: 'c1', epoch: 0 },
    actor: alice,
    now,
    ownerOf: () => undefined,
    ...(media ? { media } : {}),
  });
}

describe('media named by a message', () => {
  it('accepts media of this chat', () => {
    expect(send(`/media/${id('a')}.webp`, lookup)).toMatchObject({ ok: true });
  });

  it.each([
    ['of another chat', id('b')],
    ['unknown to the server', id('z')],
    ['public (only templates may show it)', id('p')],
  ])('refuses media %s with foreign_media', (_, media) => {
    expect(send(`/media/${media}.webp`, lookup)).toEqual({
      ok: false,
      reason: 'foreign_media',
      details: { media },
    });
  });

  it('checks the bare media id of an everyday kind the same way', () => {
    expect(send('', lookup, id('a'))).toMatchObject({ ok: true });
    expect(send('', lookup, id('b'))).toEqual({
      ok: false,
      reason: 'foreign_media',
      details: { media: id('b') },
    });
  });

  it('leaves media unchecked without the server lookup (a device)', () => {
    expect(send(`/media/${id('b')}.webp`)).toMatchObject({ ok: true });
  });

  it('finds media addresses anywhere in a value, and nothing else', () => {
    const found = mediaIdsIn({
      a: [`/media/${id('a')}.webp`, { deep: `/media/${id('b')}` }],
      b: 'https://evil.example/media/x.webp',
      c: `/media/${id('c')}.webp?x=1`,
      poster: id('d'),
      text: id('e'),
    });
    expect([...found]).toEqual([id('a'), id('b'), id('d')]);
  });
});
