/**
 * The profile's HTTP parts and people's side of the platform, through the real server: the photo
 * (decoded, squared, re-encoded without metadata, served immutable under its hash; anything else
 * refused with nothing changed), the category, search by name and category, and reports that
 * operators close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { photoUpload, readAnnouncements, readTermsVersions } from '@souk/sync';
import { backends } from '../support/server.ts';
import { platformHarness, socketOf, syncBody, type App } from '../support/platform.ts';
import type { SignedIn } from '../support/people.ts';

/** A JPEG from a "camera": 800×600 with EXIF (maker and GPS-like comment) that must not survive. */
async function cameraJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#c0392b' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', ImageDescription: 'home at 40.4168,-3.7038' } })
    .toBuffer();
}

describe.each(backends)('on %s', (backend) => {
  const platform = platformHarness(backend, '+34 655 100 001', '+34655100002');
  const { call, admin, asBusiness, publish, registered, profileSeenByCustomer } = platform;
  let bakery: SignedIn;

  beforeAll(async () => {
    await platform.start();
    await publish('tos', 'Terms v1');
    await publish('privacy', 'Privacy v1');
    bakery = await registered('Panadería Sol');
  });
  afterAll(() => platform.cleanup());

  const upload = (who: SignedIn, bytes: Buffer, type = 'image/jpeg', app: App = 'business') =>
    call(who, app, 'POST', '/business/photo', undefined, {
      type,
      raw: new Blob([new Uint8Array(bytes)]),
    });

  describe('the photo', () => {
    it('is squared, re-encoded without metadata, and served immutable under its hash', async () => {
      const reply = await upload(bakery, await cameraJpeg());
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const url: string = reply.body.photo;
      expect(url).toMatch(/^\/media\/[A-Za-z0-9_-]{32}\.webp$/);
      expect((await profileSeenByCustomer(bakery.id)).photo).toBe(url);

      const served = await fetch(`${platform.server.url}${url}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toContain('immutable');
      const bytes = Buffer.from(await served.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({
        format: 'webp',
        width: photoUpload.size,
        height: photoUpload.size,
      });
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes('SecretCam')).toBe(false);

      const again = await fetch(`${platform.server.url}${url}`, {
        headers: { 'if-none-match': served.headers.get('etag')! },
      });
      expect(again.status).toBe(304);
    });

    it('can be replaced any number of times', async () => {
      const blue = await sharp({
        create: { width: 300, height: 300, channels: 3, background: '#2980b9' },
      })
        .png()
        .toBuffer();
      const reply = await upload(bakery, blue, 'image/png');
      expect(reply.status).toBe(200);
      expect((await profileSeenByCustomer(bakery.id)).photo).toBe(reply.body.photo);
    });

    it('refuses what is not an accepted image, or too big, and changes nothing', async () => {
      const before = (await profileSeenByCustomer(bakery.id)).photo;
      const refusals: Array<[Buffer, string, number, string]> = [
        [
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
          'image/svg+xml',
          400,
          'upload_type',
        ],
        [Buffer.from('not an image at all'), 'image/jpeg', 400, 'not_an_image'],
        [Buffer.alloc(0), 'image/png', 400, 'upload_empty'],
        [Buffer.alloc(photoUpload.maxBytes + 1, 1), 'image/jpeg', 413, 'upload_too_large'],
      ];
      for (const [bytes, type, status, reason] of refusals) {
        const reply = await upload(bakery, bytes, type);
        expect(reply.status, type).toBe(status);
        expect(reply.body.details.reason, type).toBe(reason);
      }
      expect((await profileSeenByCustomer(bakery.id)).photo).toBe(before);
      expect((await fetch(`${platform.server.url}/media/nosuchimage.webp`)).status).toBe(404);
    });

    it('is only for a business, and only in its own profile', async () => {
      expect(
        (await upload(platform.person, await cameraJpeg(), 'image/jpeg', 'personal')).status,
      ).toBe(403);
      expect(await platform.writeOwnProfile(bakery, 'photo', '/media/abcdefgh.webp')).toMatchObject(
        { type: 'error' },
      );
    });
  });

  describe('finding businesses', () => {
    it('searches active businesses by name (any case and script) and category', async () => {
      const cafe = await registered('Café Ñandú', 'food');
      const garage = await registered('Taller Ñandú', 'automotive');
      const search = async (query: string) =>
        (
          (await call(platform.person, 'personal', 'GET', `/businesses?${query}`)).body as Array<{
            id: string;
          }>
        ).map((b) => b.id);

      expect(await search('q=ñandú')).toEqual(expect.arrayContaining([cafe.id, garage.id]));
      expect(await search('q=CAFÉ')).toEqual([cafe.id]);
      expect(await search('q=%25')).toEqual([]);
      expect(await search('q=%C3%B1and%C3%BA&category=automotive')).toEqual([garage.id]);

      // A category changed in the app moves the business in search and in its profile.
      expect(
        await asBusiness(garage, 'POST', '/business/category', { category: 'services' }),
      ).toMatchObject({ status: 200 });
      expect(await search('q=ñandú&category=automotive')).toEqual([]);
      expect(await search('q=ñandú&category=services')).toEqual([garage.id]);
      expect((await profileSeenByCustomer(garage.id)).category).toBe('services');
      expect(
        await asBusiness(garage, 'POST', '/business/category', { category: 'casino' }),
      ).toMatchObject({ status: 400 });

      // Suspended businesses are not found; a bad category is a clear error.
      await admin('POST', `/admin/businesses/${cafe.id}/suspend`, { reason: 'Spam.' });
      expect(await search('q=ñandú')).toEqual([garage.id]);
      const bad = await call(platform.person, 'personal', 'GET', '/businesses?category=casino');
      expect(bad).toMatchObject({
        status: 400,
        body: { kind: 'bad_request', details: { path: 'category' } },
      });
      expect((await call(null, 'personal', 'GET', '/businesses?q=a')).status).toBe(401);
    });

    it('shows the ✅ of verified businesses first', async () => {
      const plain = await registered('Frutas Alba');
      const verified = await registered('Frutas Bosque');
      await asBusiness(verified, 'POST', '/business/verification', { evidence: 'Registry 1.' });
      const pending = await admin('GET', '/admin/verifications?status=pending');
      const request = pending.body.find(
        (r: { businessId: string }) => r.businessId === verified.id,
      );
      await admin('POST', `/admin/verifications/${request.id}/approve`, {});
      const found = (await call(platform.person, 'personal', 'GET', '/businesses?q=frutas')).body;
      expect(found).toEqual([
        { id: verified.id, name: 'Frutas Bosque', category: 'food', verified: true },
        { id: plain.id, name: 'Frutas Alba', category: 'food', verified: false },
      ]);
    });
  });

  describe('reports', () => {
    it('a person reports a business; an operator sees it and closes it with what was done', async () => {
      const report = await call(platform.person, 'personal', 'POST', '/reports', {
        businessId: bakery.id,
        reason: 'Sends me offers I never asked for.',
      });
      expect(report).toMatchObject({
        status: 201,
        body: { businessId: bakery.id, businessName: 'Panadería Sol', status: 'open' },
      });
      const open = await admin('GET', '/admin/reports?status=open');
      expect(open.body.map((r: { id: string }) => r.id)).toContain(report.body.id);

      const closed = await admin('POST', `/admin/reports/${report.body.id}/close`, {
        reason: 'Warned the business.',
      });
      expect(closed).toMatchObject({
        status: 200,
        body: { status: 'closed', resolution: 'Warned the business.' },
      });
      expect(
        (await admin('POST', `/admin/reports/${report.body.id}/close`, { reason: 'x' })).status,
      ).toBe(404);
      const stillOpen = await admin('GET', '/admin/reports?status=open');
      expect(stillOpen.body.map((r: { id: string }) => r.id)).not.toContain(report.body.id);
    });

    it('refuses empty reasons, unknown businesses, businesses reporting, and non-operators', async () => {
      const noReason = await call(platform.person, 'personal', 'POST', '/reports', {
        businessId: bakery.id,
        reason: ' ',
      });
      expect(noReason).toMatchObject({
        status: 400,
        body: { kind: 'bad_request', details: { path: 'reason' } },
      });
      expect(
        (
          await call(platform.person, 'personal', 'POST', '/reports', {
            businessId: 'nope',
            reason: 'x',
          })
        ).status,
      ).toBe(404);
      expect(
        (await asBusiness(bakery, 'POST', '/reports', { businessId: bakery.id, reason: 'x' }))
          .status,
      ).toBe(403);
      expect((await call(platform.person, 'personal', 'GET', '/admin/reports')).status).toBe(403);
    });
  });

  describe("the official account's announcements", () => {
    /** What an app receives when it opens the announcements document, or the refusal. */
    async function openAnnouncements(who: SignedIn, app: App) {
      const socket = await socketOf(platform.server.url, who, app);
      socket.send({
        type: 'sync',
        doc: 'announcements',
        body: syncBody(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())),
      });
      const frame = await socket.next(
        (f) => (f.type === 'sync' || f.type === 'error') && f.doc === 'announcements',
      );
      socket.close();
      if (frame.type !== 'sync') return frame;
      const decoder = decoding.createDecoder(frame.body);
      decoding.readVarUint(decoder);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      return readAnnouncements(doc).map((p) => p.text);
    }

    it('operators post; every business, including new ones, reads every post', async () => {
      const posted = await admin('POST', '/admin/announcements', { text: 'Welcome to Souk!' });
      expect(posted).toMatchObject({ status: 201, body: { text: 'Welcome to Souk!' } });
      await admin('POST', '/admin/announcements', { text: '  New terms on Monday.  ' });
      expect(await openAnnouncements(bakery, 'business')).toEqual([
        'Welcome to Souk!',
        'New terms on Monday.',
      ]);
      const newcomer = await registered('Librería Nueva');
      expect(await openAnnouncements(newcomer, 'business')).toEqual([
        'Welcome to Souk!',
        'New terms on Monday.',
      ]);
      const listed = await admin('GET', '/admin/announcements');
      expect(listed.body.map((p: { text: string }) => p.text)).toEqual([
        'New terms on Monday.',
        'Welcome to Souk!',
      ]);
    });

    it('a business reads them before accepting the terms; answering with nothing is no write', async () => {
      const newcomer = await platform.newBusiness();
      expect(await openAnnouncements(newcomer, 'business')).toEqual(
        expect.arrayContaining(['Welcome to Souk!']),
      );
      const socket = await socketOf(platform.server.url, newcomer, 'business');
      socket.send({
        type: 'sync',
        doc: 'announcements',
        body: syncBody(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(new Y.Doc())),
      });
      await expect(
        socket.next((f) => f.type === 'error' && f.doc === 'announcements', 500),
      ).rejects.toThrow('no matching frame');
      socket.close();
    });

    it('an open business app hears of a newly published terms version at once', async () => {
      const socket = await socketOf(platform.server.url, bakery, 'business');
      socket.send({
        type: 'sync',
        doc: 'announcements',
        body: syncBody(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())),
      });
      const doc = new Y.Doc();
      const apply = (frame: { body: Uint8Array }) => {
        const decoder = decoding.createDecoder(frame.body);
        if (decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1) return;
        Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      };
      const seen = new Set<unknown>();
      const applied = (f: Parameters<Parameters<typeof socket.next>[0]>[0]) => {
        if (f.type !== 'sync' || f.doc !== 'announcements' || seen.has(f)) return false;
        seen.add(f);
        apply(f);
        return true;
      };
      await socket.next(applied);
      const before = readTermsVersions(doc).tos ?? 0;
      const published = await admin('POST', '/admin/terms', { kind: 'tos', text: 'Terms v2' });
      expect(published.status).toBe(201);
      // Pushed on the open socket, without asking: every frame until the version shows.
      await socket.next((f) => applied(f) && readTermsVersions(doc).tos === published.body.version);
      expect(published.body.version).toBeGreaterThan(before);

      // The bakery has not accepted that version: echoing the document back as it is (what a
      // device answers the server's step 1 with) must be no write, so not refused. Frames are
      // answered in order: the answer to a later step 1 comes after any error for the echo.
      socket.send({
        type: 'sync',
        doc: 'announcements',
        body: syncBody(
          syncProtocol.messageYjsSyncStep2,
          Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)),
        ),
      });
      socket.send({
        type: 'sync',
        doc: 'announcements',
        body: syncBody(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(doc)),
      });
      const answer = await socket.next(
        (f) =>
          f.type === 'error' ||
          (f.type === 'sync' && f.body[0] === syncProtocol.messageYjsSyncStep2),
      );
      expect(answer.type).toBe('sync');
      socket.close();
    });

    it('people cannot read them, nobody but operators writes them, empty posts are refused', async () => {
      expect(await openAnnouncements(platform.person, 'personal')).toMatchObject({
        type: 'error',
        kind: 'forbidden',
      });
      expect(await admin('POST', '/admin/announcements', { text: ' ' })).toMatchObject({
        status: 400,
        body: { kind: 'bad_request', details: { path: 'text' } },
      });
      expect(
        (await call(platform.person, 'personal', 'POST', '/admin/announcements', { text: 'Hi' }))
          .status,
      ).toBe(403);
      expect(
        (await asBusiness(bakery, 'POST', '/admin/announcements', { text: 'Hi' })).status,
      ).toBe(403);
    });
  });
});
