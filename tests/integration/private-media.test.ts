/**
 * Private chat media (issue 16, item 3), through the real server on both databases: a chat's
 * photo has a random id bound to the conversation, only its members can fetch it (either app's
 * cookie), and a message may name only media of its own chat — a hand-built update naming
 * another chat's photo, an unknown id or a public image is refused with `foreign_media`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { appendImage, conversationParts, parseDocName } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';

const jpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0392b' } })
    .jpeg()
    .toBuffer();

describe.each(backends)('private chat media on %s', (backend) => {
  const world = consentWorld(backend, '+34 699 000 016', '+3469916');
  let shop: Member;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Foto Sur');
  }, 60_000);
  afterAll(() => world.stop());

  async function upload(who: Member, app: 'personal' | 'business', chat?: string) {
    const query = chat ? `?chat=${chat}` : '';
    const raw = new Blob([new Uint8Array(await jpeg())]);
    return world.h.call(who.who, app, 'POST', `/media/images${query}`, undefined, {
      type: 'image/jpeg',
      raw,
    });
  }
  const fetchAs = (url: string, cookie?: string) =>
    fetch(`${world.h.server.url}${url}`, cookie ? { headers: { cookie } } : {});

  it('serves a chat photo to its members only, as a sandboxed inline image', async () => {
    const person = await world.person();
    const stranger = await world.person();
    const doc = await world.chatWith(person, shop);
    const image = (await upload(person, 'personal', parseDocName(doc)!.id)).body as {
      url: string;
    };
    expect(image.url).toMatch(/^\/media\/[A-Za-z0-9_-]{32}\.webp$/);

    const mine = await fetchAs(image.url, person.who.cookie);
    expect(mine.status).toBe(200);
    expect(Object.fromEntries(mine.headers)).toMatchObject({
      'content-type': 'image/webp',
      'x-content-type-options': 'nosniff',
      'content-disposition': expect.stringMatching(/^inline; filename=/),
      'content-security-policy': expect.stringContaining('sandbox'),
      'cache-control': expect.stringMatching(/^private/),
    });
    // The shop is signed in with the business app's cookie: it is a member too.
    expect((await fetchAs(image.url, shop.who.cookie)).status).toBe(200);
    expect((await fetchAs(image.url, stranger.who.cookie)).status).toBe(404);
    expect((await fetchAs(image.url)).status).toBe(404);
  });

  it('takes a chat upload only from a member of that chat', async () => {
    const person = await world.person();
    const stranger = await world.person();
    const doc = await world.chatWith(person, shop);
    const refused = await upload(stranger, 'personal', parseDocName(doc)!.id);
    expect(refused).toMatchObject({ status: 403, body: { details: { reason: 'not_a_member' } } });
  });

  it('refuses a message naming media of another chat, an unknown id or a public image', async () => {
    const person = await world.person();
    const other = await world.person();
    const mine = await world.chatWith(person, shop);
    const theirs = await world.chatWith(other, shop);
    const foreign = (await upload(other, 'personal', parseDocName(theirs)!.id)).body as {
      url: string;
      thumb: string;
    };
    const own = (await upload(person, 'personal', parseDocName(mine)!.id)).body as {
      url: string;
      thumb: string;
    };
    const publicImage = (await upload(shop, 'business')).body as { url: string };
    const attempts = [
      { url: foreign.url, thumb: own.thumb },
      { url: own.url, thumb: foreign.thumb },
      { url: '/media/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.webp', thumb: own.thumb },
      { url: publicImage.url, thumb: own.thumb },
    ];
    for (const urls of attempts) {
      const answer = await person.device.write(mine, (d) =>
        conversationParts(d).messages.push([
          {
            id: `img_${Math.random().toString(36).slice(2, 10)}`,
            author: person.who.id,
            n: 1,
            at: world.clock.now(),
            kind: 'image',
            width: 64,
            height: 48,
            ...urls,
          } as never,
        ]),
      );
      expect(answer).toMatchObject({ type: 'error', code: 'foreign_media' });
    }
    expect(await world.storedMessages(mine)).toHaveLength(0);
    const sent = await person.device.write(mine, (d) =>
      appendImage(d, person.who.id, { ...own, width: 64, height: 48 }, world.clock.now()),
    );
    expect(sent).toMatchObject({ type: 'ack' });
  });
});
