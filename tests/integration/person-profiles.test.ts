/**
 * People's profiles (issue 18, item 1) through the real server: a display name that passes for
 * the platform's or a verified shop's is refused with its reason code; the about line is bounded;
 * the photo is re-encoded without metadata; nobody writes someone else's profile (hand-built
 * updates); and only the people and businesses someone has a conversation with (or opted in to)
 * may read it — not a stranger, not someone they blocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { docName, personProfileMap, readPersonProfile, type ServerFrame } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import { syncBody } from '../support/sync-body.ts';

describe.each(backends)('person profiles, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 920 001', '+3467793');
  const { h } = world;

  beforeAll(async () => {
    await world.start();
    const shop = await h.registered('Zara Moda');
    await h.asBusiness(shop, 'POST', '/business/verification', { evidence: 'Registry 7.' });
    const pending = await h.admin('GET', '/admin/verifications?status=pending');
    const request = pending.body.find((r: { businessId: string }) => r.businessId === shop.id);
    expect((await h.admin('POST', `/admin/verifications/${request.id}/approve`, {})).status).toBe(
      200,
    );
    await h.registered('Banco Sur'); // not verified: people may share its name
  }, 60_000);
  afterAll(() => world.stop());

  const setProfile = (who: Member, body: unknown) =>
    h.call(who.who, 'personal', 'PUT', '/profile', body);

  /** Opens `doc` on the member's socket: the server's copy, or the error frame it answered. */
  async function tryOpen(member: Member, doc: string): Promise<Y.Doc | ServerFrame> {
    const mark = member.device.socket.frames.length;
    member.device.socket.send({
      type: 'sync',
      doc,
      body: syncBody(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())),
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const frames = member.device.since(mark).filter((f) => 'doc' in f && f.doc === doc);
      const error = frames.find((f) => f.type === 'error');
      if (error) return error;
      if (frames.some((f) => f.type === 'sync')) return member.device.open(doc);
      if (Date.now() > deadline) throw new Error('no answer');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const nameSeenBy = async (member: Member, of: Member) => {
    const opened = await tryOpen(member, docName('person', of.who.id));
    return opened instanceof Y.Doc ? readPersonProfile(opened).name : opened;
  };

  it('a display name is normalised, stored in the profile; look-alikes are refused by code', async () => {
    const ana = await world.person();
    expect(
      await setProfile(ana, { name: '  Ana   Ruiz ', about: 'Sundays at the market' }),
    ).toEqual({
      status: 200,
      body: { name: 'Ana Ruiz', about: 'Sundays at the market' },
    });
    expect(readPersonProfile(await world.stored(docName('person', ana.who.id)))).toEqual({
      name: 'Ana Ruiz',
      about: 'Sundays at the market',
    });
    for (const [name, status, code] of [
      ['Zаra Moda', 409, 'name_impersonates_verified'], // a Cyrillic а
      ['Zara Mоda', 409, 'name_impersonates_verified'], // a Cyrillic о
      ['ZARA M0DA', 409, 'name_impersonates_verified'],
      ['Souk Help', 409, 'name_impersonates_platform'],
      ['Ana\u202Eexe', 400, 'character'],
      ['x'.repeat(26), 400, 'too_long'],
    ] as const)
      expect(await setProfile(ana, { name }), name).toMatchObject({
        status,
        body: { details: { reason: code } },
      });
    expect((await setProfile(ana, { name: 'Banco Sur' })).status).toBe(200);
    expect(readPersonProfile(await world.stored(docName('person', ana.who.id))).name).toBe(
      'Banco Sur',
    );
    // A business has no person profile through these routes.
    const shop = await h.registered('Frutas Lola');
    expect((await h.call(shop, 'business', 'PUT', '/profile', { name: 'Lola' })).status).toBe(403);
  });

  it('the about line is bounded, over HTTP and in a hand-built update', async () => {
    const ana = await world.person();
    expect((await setProfile(ana, { about: 'a'.repeat(141) })).status).toBe(400);
    const own = docName('person', ana.who.id);
    await ana.device.open(own);
    expect(
      await ana.device.write(own, (d) => personProfileMap(d).set('about', 'a'.repeat(141))),
    ).toMatchObject({ type: 'error', kind: 'refused_update', code: 'invalid_value' });
    expect(
      await ana.device.write(own, (d) => personProfileMap(d).set('about', 'Offline edit')),
    ).toMatchObject({ type: 'ack' });
    // The name only through the server's check: a device writing its own is refused.
    expect(
      await ana.device.write(own, (d) => personProfileMap(d).set('name', 'Zara Moda')),
    ).toMatchObject({ type: 'error', code: 'platform_only' });
    expect((await h.call(ana.who, 'personal', 'GET', '/profile')).body).toEqual({
      about: 'Offline edit',
    });
  });

  it("nobody writes someone else's profile, not even the person they chat with", async () => {
    const ana = await world.person();
    const bob = await world.person();
    await setProfile(bob, { name: 'Bob', about: 'Hi' });
    const stranger = await world.person();
    const bobs = docName('person', bob.who.id);
    expect(
      await stranger.device.write(bobs, (d) => personProfileMap(d).set('about', 'pwned')),
    ).toMatchObject({ type: 'error', code: 'not_readable' });
    expect((await world.startChat(ana.who, 'personal', { phone: bob.who.phone })).status).toBe(200);
    await ana.device.open(bobs);
    for (const [key, value] of [
      ['about', 'pwned'],
      ['name', 'Bobby'],
      ['photo', '/media/abcdefghijkl.webp'],
    ])
      expect(
        await ana.device.write(bobs, (d) => personProfileMap(d).set(key!, value)),
        key,
      ).toMatchObject({ type: 'error', kind: 'refused_update', code: 'not_owner' });
    expect(await ana.device.write(bobs, (d) => personProfileMap(d).delete('about'))).toMatchObject({
      type: 'error',
      code: 'not_owner',
    });
    expect(readPersonProfile(await world.stored(bobs))).toEqual({ name: 'Bob', about: 'Hi' });
  });

  it('is read by those they chat with and shops they opted in to; not strangers, not after a block', async () => {
    const ana = await world.person();
    const bob = await world.person();
    const stranger = await world.person();
    const shop = await world.business('Pan de Casa');
    const other = await world.business('Flores Rio');
    await setProfile(ana, { name: 'Ana' });

    expect(await nameSeenBy(stranger, ana)).toMatchObject({ type: 'error', code: 'not_readable' });
    expect(await nameSeenBy(shop, ana)).toMatchObject({ type: 'error', code: 'not_readable' });
    expect((await world.startChat(bob.who, 'personal', { phone: ana.who.phone })).status).toBe(200);
    expect(await nameSeenBy(bob, ana)).toBe('Ana');
    await world.chatWith(ana, shop);
    expect(await nameSeenBy(shop, ana)).toBe('Ana');
    // An opt-in without a chat lets the shop greet her by name (a broadcast, its customer list).
    expect(await world.prefs(ana, (m) => m.set(`optIn:${other.who.id}`, true))).toMatchObject({
      type: 'ack',
    });
    expect(await nameSeenBy(other, ana)).toBe('Ana');

    expect(await world.prefs(ana, (m) => m.set(`blockedPerson:${bob.who.id}`, true))).toMatchObject(
      { type: 'ack' },
    );
    expect(await world.prefs(ana, (m) => m.set(`blocked:${shop.who.id}`, true))).toMatchObject({
      type: 'ack',
    });
    expect(await nameSeenBy(bob, ana)).toMatchObject({ type: 'error', code: 'not_readable' });
    expect(await nameSeenBy(shop, ana)).toMatchObject({ type: 'error', code: 'not_readable' });
    // Through the y-websocket door's ticket too.
    const ticket = await h.call(bob.who, 'personal', 'POST', '/yjs/tokens', {
      doc: docName('person', ana.who.id),
    });
    expect(ticket.status).toBe(403);
  });

  it('a block stops the changes of a profile someone holds open', async () => {
    const ana = await world.person();
    const bob = await world.person();
    const reply = await world.startChat(bob.who, 'personal', { phone: ana.who.phone });
    const chat = reply.body.doc as string;
    await ana.device.open(chat);
    await bob.device.open(chat);
    await setProfile(ana, { name: 'Ana', about: 'Before' });
    const anas = docName('person', ana.who.id);
    expect(await nameSeenBy(bob, ana)).toBe('Ana');
    expect(await world.prefs(ana, (m) => m.set(`blockedPerson:${bob.who.id}`, true))).toMatchObject(
      { type: 'ack' },
    );
    const carl = await world.person();
    const other = (await world.startChat(carl.who, 'personal', { phone: bob.who.phone })).body
      .doc as string;
    await carl.device.open(other);
    await bob.device.open(other);
    const mark = bob.device.socket.frames.length;
    await setProfile(ana, { about: 'After the block' });
    // Carl's next message reaches Bob's socket after Ana's profile change would have (one
    // fan-out, in commit order).
    expect(await world.say(carl, other, 'later')).toMatchObject({ type: 'ack' });
    await expect
      .poll(() => bob.device.since(mark).some((f) => 'doc' in f && f.doc === other))
      .toBe(true);
    expect(bob.device.since(mark).some((f) => 'doc' in f && f.doc === anas)).toBe(false);
  });

  it('the photo is squared and re-encoded without metadata', async () => {
    const ana = await world.person();
    const jpeg = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: '#c0392b' },
    })
      .jpeg()
      .withExif({ IFD0: { Make: 'SecretCam', ImageDescription: 'GPS 40.41,-3.70' } })
      .toBuffer();
    const reply = await h.call(ana.who, 'personal', 'POST', '/profile/photo', undefined, {
      type: 'image/jpeg',
      raw: new Blob([new Uint8Array(jpeg)]),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const url: string = reply.body.photo;
    expect(readPersonProfile(await world.stored(docName('person', ana.who.id))).photo).toBe(url);
    const bytes = Buffer.from(await (await fetch(`${h.server.url}${url}`)).arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 512, height: 512 });
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes('SecretCam')).toBe(false);
    expect((await h.call(ana.who, 'personal', 'DELETE', '/profile/photo')).body).toEqual({
      removed: true,
    });
    expect(
      readPersonProfile(await world.stored(docName('person', ana.who.id))).photo,
    ).toBeUndefined();
  });
});
