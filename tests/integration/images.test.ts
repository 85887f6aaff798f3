/**
 * Photos in chats (issue 6, rich messages), through the real server: an upload is re-encoded
 * without metadata, at most 1600 px a side, with a 320 px thumbnail; an image message names only
 * uploaded images; and for the consent rules a business's photo is free-form, like text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { accountRoutes, appendImage, conversationParts, parseDocName, plainText } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, type Member } from '../support/consent.ts';
import { typedClient } from '../support/typed-client.ts';

async function cameraJpeg(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2e86c1' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', ImageDescription: 'GPS 40.41,-3.70' } })
    .toBuffer();
}

describe.each(backends)('photos in chats on %s', (backend) => {
  const world = consentWorld(backend, '+34 699 000 001', '+3469910');
  let shop: Member;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Óptica Mar');
  }, 60_000);
  afterAll(() => world.stop());

  const upload = (
    who: Member,
    bytes: Buffer,
    app: 'personal' | 'business',
    type = 'image/jpeg',
    chat?: string,
  ) =>
    world.h.call(who.who, app, 'POST', `/media/images${chat ? `?chat=${chat}` : ''}`, undefined, {
      type,
      raw: new Blob([new Uint8Array(bytes)]),
    });

  it('re-encodes an upload without metadata, with a thumbnail, and serves both', async () => {
    const person = await world.person();
    const client = typedClient(world.h.server.url, person.who, 'personal');
    const photo = new Blob([new Uint8Array(await cameraJpeg())], { type: 'image/jpeg' });
    const stored = await client.call(accountRoutes.uploadChatImage, { upload: photo, query: {} });
    expect(stored).toMatchObject({ width: 1600, height: 1067 });
    for (const [url, side] of [
      [stored.url, 1600],
      [stored.thumb, 320],
    ] as const) {
      const served = await fetch(`${world.h.server.url}${url}`);
      const bytes = Buffer.from(await served.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: side });
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes('SecretCam')).toBe(false);
    }
    const bad = await upload(person, Buffer.from('GIF89a not really'), 'personal', 'image/gif');
    expect(bad).toMatchObject({ status: 400, body: { details: { reason: 'upload_type' } } });
    expect((await world.h.call(null, 'personal', 'POST', '/media/images')).status).toBe(401);
  });

  it('a customer sends a photo with a caption; a made-up image address is refused', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    const chat = parseDocName(doc)!.id;
    const image = (await upload(person, await cameraJpeg(800, 600), 'personal', 'image/jpeg', chat))
      .body;
    const sent = await person.device.write(doc, (d) =>
      appendImage(d, person.who.id, { ...image, caption: 'These frames?' }, world.clock.now()),
    );
    expect(sent).toMatchObject({ type: 'ack' });
    const [stored] = await world.storedMessages(doc);
    expect(stored).toMatchObject({ kind: 'image', url: image.url, caption: 'These frames?' });
    expect(plainText(stored!)).toBe('📷 These frames?');

    const forged = await person.device.write(doc, (d) =>
      conversationParts(d).messages.push([
        {
          id: 'img_forged_1',
          author: person.who.id,
          n: 2,
          at: world.clock.now(),
          kind: 'image',
          url: 'https://evil.example/x.webp',
          thumb: image.thumb,
          width: 10,
          height: 10,
        } as never,
      ]),
    );
    expect(forged).toMatchObject({ type: 'error' });
    expect(await world.storedMessages(doc)).toHaveLength(1);
  });

  it('for the rules a business photo is free-form: only inside the 24-hour window', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));
    await world.say(person, doc, 'Hello');
    const chat = parseDocName(doc)!.id;
    const image = (await upload(shop, await cameraJpeg(400, 300), 'business', 'image/jpeg', chat))
      .body;
    const inside = await shop.device.write(doc, (d) =>
      appendImage(d, shop.who.id, image, world.clock.now()),
    );
    expect(inside).toMatchObject({ type: 'ack' });
    world.advance(25 * hour);
    const outside = await shop.device.write(doc, (d) =>
      appendImage(d, shop.who.id, image, world.clock.now()),
    );
    expect(outside).toMatchObject({ type: 'error', kind: 'not_delivered' });
  });
});
