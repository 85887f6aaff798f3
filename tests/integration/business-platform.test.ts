/**
 * The business platform through the real server (issue 4, server side): the console is for
 * operators only; terms come first (every business route, starting a chat, uploading a photo and
 * every sync write refused until the current versions are accepted, and again after a new
 * version); the name rules at registration;
 * the name-change and verification reviews, mirrored into the profile document that customers
 * read, which a business can never write `name` or `verified` into itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { validateBusinessName } from '@souk/sync';
import { backends } from '../support/server.ts';
import { signIn, type SignedIn } from '../support/people.ts';
import { platformHarness } from '../support/platform.ts';

/** What a business may do only through the gate: a call and its body, JSON or raw. */
type Gated = [method: string, path: string, body?: unknown, init?: { type: string; raw: Blob }];

/** A small PNG, the kind of photo a business sends in a chat. */
async function photo(): Promise<{ type: string; raw: Blob }> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer();
  return { type: 'image/png', raw: new Blob([new Uint8Array(png)]) };
}

describe.each(backends)('on %s', (backend) => {
  const platform = platformHarness(backend, '+34 655 000 001', '+34655000002');
  const {
    call,
    admin,
    asBusiness,
    publish,
    newBusiness,
    acceptCurrent,
    registered,
    profileSeenByCustomer,
    writeOwnProfile,
  } = platform;

  beforeAll(() => platform.start());
  afterAll(() => platform.cleanup());

  describe('the console is for operators only', () => {
    it('creates the first operator with the CLI; others get 403, nobody 401', async () => {
      expect(await admin('GET', '/admin/me')).toMatchObject({
        status: 200,
        body: { phone: '+34655000001', operator: true },
      });
      const business = await signIn(platform.server.url, '+34655000001', 'business');
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/admin/me'],
        ['POST', '/admin/terms', { kind: 'tos', text: 'Mine now.' }],
        ['GET', '/admin/businesses'],
        ['GET', '/admin/verifications'],
        ['GET', '/admin/name-changes'],
        ['POST', '/admin/verifications/x/approve', { reason: '' }],
        ['POST', '/admin/name-changes/x/approve', { reason: '' }],
        ['POST', '/admin/businesses/x/suspend', { reason: 'no' }],
        ['POST', '/admin/businesses/x/restore', { reason: '' }],
        ['POST', '/admin/businesses/x/revoke-verification', { reason: 'no' }],
      ];
      for (const [method, path, body] of routes) {
        const asPerson = await call(platform.person, 'personal', method, path, body);
        expect(asPerson, `${method} ${path}`).toMatchObject({
          status: 403,
          body: { kind: 'forbidden' },
        });
        // The operator's own phone signed in to the business app is a business, not an operator.
        expect((await call(business, 'business', method, path, body)).status).toBe(403);
        expect((await call(null, 'personal', method, path, body)).status).toBe(401);
      }
    });
  });

  describe('terms first', () => {
    const gated = async (): Promise<Gated[]> => [
      ['GET', '/business/me'],
      ['POST', '/business/register', { name: 'Panadería Sol', category: 'food' }],
      ['POST', '/business/name-change', { name: 'Panadería Luna', reason: 'We moved.' }],
      ['POST', '/business/verification', { evidence: 'Trade register 12345.' }],
      ['POST', '/chats', { phone: platform.person.phone }],
      ['POST', '/media/images', undefined, await photo()],
    ];

    async function expectRefused(business: SignedIn, why: string) {
      for (const [method, path, body, init] of await gated()) {
        expect(
          await call(business, 'business', method, path, body, init),
          `${why}: ${method} ${path}`,
        ).toMatchObject({
          status: 403,
          body: { kind: 'forbidden', details: { reason: 'terms_not_accepted' } },
        });
      }
      const write = await writeOwnProfile(business, 'description', 'Fresh bread.');
      expect(write, `${why}: sync write`).toMatchObject({
        type: 'error',
        kind: 'forbidden',
        code: 'terms_not_accepted',
      });
    }

    it('refuses every business action before acceptance and again after a new version', async () => {
      const business = await newBusiness();
      // Nothing published yet: nothing could have been accepted.
      expect((await call(null, 'personal', 'GET', '/terms')).body).toEqual({
        tos: null,
        privacy: null,
      });
      await expectRefused(business, 'before anything is published');
      expect(
        (await asBusiness(business, 'POST', '/business/terms/accept', { tos: 1, privacy: 1 }))
          .status,
      ).toBe(409);

      const tos = await publish('tos', 'Be nice to your customers.');
      const privacy = await publish('privacy', 'We keep what you send until it is read.');
      const { body: current } = await call(null, 'personal', 'GET', '/terms');
      expect(current).toMatchObject({
        tos: { kind: 'tos', version: tos, text: 'Be nice to your customers.' },
        privacy: { kind: 'privacy', version: privacy },
      });
      await expectRefused(business, 'published, not accepted');

      // Only the current versions can be accepted.
      expect(
        (await asBusiness(business, 'POST', '/business/terms/accept', { tos: tos + 1, privacy }))
          .status,
      ).toBe(409);
      // A person cannot accept for a business.
      expect(
        (
          await call(platform.person, 'personal', 'POST', '/business/terms/accept', {
            tos,
            privacy,
          })
        ).status,
      ).toBe(403);
      await acceptCurrent(business);
      expect(
        await asBusiness(business, 'POST', '/business/register', {
          name: 'Panadería Sol',
          category: 'food',
        }),
      ).toMatchObject({ status: 201, body: { name: 'Panadería Sol', verified: false } });
      expect(await writeOwnProfile(business, 'description', 'Fresh bread.')).toMatchObject({
        type: 'ack',
      });
      expect(
        (await call(business, 'business', 'POST', '/media/images', undefined, await photo()))
          .status,
      ).toBe(201);

      const next = await publish('tos', 'Be nice to your customers. And answer them.');
      expect(next).toBe(tos + 1);
      await expectRefused(business, 'a new version');
      await acceptCurrent(business);
      expect((await asBusiness(business, 'GET', '/business/me')).status).toBe(200);
      // Past the gate, starting a chat meets the consent rules: this person never opted in.
      expect(
        await asBusiness(business, 'POST', '/chats', { phone: platform.person.phone }),
      ).toMatchObject({ status: 403, body: { kind: 'not_delivered' } });
      expect(await writeOwnProfile(business, 'description', 'Fresh bread daily.')).toMatchObject({
        type: 'ack',
      });
    });
  });

  describe('the name at registration', () => {
    const accepted: Array<[typed: string, stored: string]> = [
      ["Ben & Jerry's", "Ben & Jerry's"],
      ['  Café   de  la Plaza ', 'Café de la Plaza'],
      ['مخبز الأمل', 'مخبز الأمل'],
      ['北京烤鸭店', '北京烤鸭店'],
      ['Пекарня Ромашка', 'Пекарня Ромашка'],
      ['नमस्ते भारत', 'नमस्ते भारत'],
      ['Ελληνικό Καφέ', 'Ελληνικό Καφέ'],
      ['7-Eleven', '7-Eleven'],
    ];
    const refused = [
      'Ab',
      'a'.repeat(26),
      'Pizza 🍕 Place',
      'Shop.com',
      'https://x.io',
      'Souk Market',
      'SoukShop',
      'Tienda Oficial',
      'Bank Support Team',
      'Shop @ Home',
      '123',
      'Zalgo\u0300\u0301\u0302\u0303\u0304',
    ];

    it.each(accepted)(
      'accepts %j, stored as %j, in the table and the profile',
      async (typed, stored) => {
        const business = await registered(typed);
        const me = await asBusiness(business, 'GET', '/business/me');
        expect(me.body.business).toMatchObject({ name: stored, verified: false, status: 'active' });
        expect(me.body.names.map((n: { name: string }) => n.name)).toEqual([stored]);
        expect(await profileSeenByCustomer(business.id)).toMatchObject({
          name: stored,
          verified: false,
          category: 'food',
        });
      },
    );

    it('refuses names with the shared reason, and nothing is registered', async () => {
      const business = await newBusiness();
      await acceptCurrent(business);
      for (const name of refused) {
        const verdict = validateBusinessName(name);
        if (verdict.ok) throw new Error(`${name} should be refused`);
        expect(
          await asBusiness(business, 'POST', '/business/register', { name, category: 'food' }),
          name,
        ).toMatchObject({
          status: 400,
          body: { kind: 'bad_request', message: verdict.reason, details: { code: verdict.code } },
        });
      }
      expect((await asBusiness(business, 'GET', '/business/me')).body.business).toBeNull();
      expect(
        (
          await asBusiness(business, 'POST', '/business/register', {
            name: 'Tea House',
            category: 'casino',
          })
        ).status,
      ).toBe(400);
    });

    it('registers once', async () => {
      const business = await registered('Frutas Ana');
      expect(
        (
          await asBusiness(business, 'POST', '/business/register', {
            name: 'Frutas Eva',
            category: 'food',
          })
        ).status,
      ).toBe(409);
    });
  });

  describe('reviews', () => {
    it('verification: request, reject with a reason, request, approve, revoke', async () => {
      const business = await registered('Ferretería Gil');
      const first = await asBusiness(business, 'POST', '/business/verification', {
        evidence: 'Trade register 1.',
      });
      expect(first).toMatchObject({ status: 201, body: { status: 'pending' } });
      expect(
        (await asBusiness(business, 'POST', '/business/verification', { evidence: 'again' }))
          .status,
      ).toBe(409);
      const pending = await admin('GET', '/admin/verifications?status=pending');
      expect(pending.body.map((v: { id: string }) => v.id)).toContain(first.body.id);
      expect(
        await admin('POST', `/admin/verifications/${first.body.id}/reject`, {
          reason: 'The register number does not match.',
        }),
      ).toMatchObject({
        status: 200,
        body: { status: 'rejected', decisionReason: 'The register number does not match.' },
      });
      expect(
        (await admin('POST', `/admin/verifications/${first.body.id}/approve`, {})).status,
      ).toBe(409);
      expect((await profileSeenByCustomer(business.id)).verified).toBe(false);

      const second = await asBusiness(business, 'POST', '/business/verification', {
        evidence: 'Trade register 12345.',
      });
      expect(
        (await admin('POST', `/admin/verifications/${second.body.id}/approve`, {})).body.status,
      ).toBe('approved');
      expect((await asBusiness(business, 'GET', '/business/me')).body.business.verified).toBe(true);
      expect((await profileSeenByCustomer(business.id)).verified).toBe(true);

      // The business can neither remove nor forge its ✅, nor rename itself, through the CRDT.
      for (const [key, value] of [
        ['verified', false],
        ['name', 'Ferretería Pérez'],
      ] as const) {
        expect(await writeOwnProfile(business, key, value)).toMatchObject({
          type: 'error',
          kind: 'refused_update',
          code: 'platform_only',
          details: { field: key },
        });
      }
      expect(await profileSeenByCustomer(business.id)).toMatchObject({
        name: 'Ferretería Gil',
        verified: true,
      });

      expect(
        (await admin('POST', `/admin/businesses/${business.id}/revoke-verification`, {})).status,
      ).toBe(400); // a reason is required
      expect(
        await admin('POST', `/admin/businesses/${business.id}/revoke-verification`, {
          reason: 'Closed its shop.',
        }),
      ).toMatchObject({ status: 200, body: { verified: false } });
      expect((await profileSeenByCustomer(business.id)).verified).toBe(false);
    });

    it('keeps one pending request per business, even when two arrive at once', async () => {
      const business = await registered('Óptica Vera');
      const verifications = await Promise.all(
        [1, 2, 3].map((n) =>
          asBusiness(business, 'POST', '/business/verification', { evidence: `Proof ${n}.` }),
        ),
      );
      expect(verifications.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const renames = await Promise.all(
        ['Óptica Luz', 'Óptica Sol'].map((name) =>
          asBusiness(business, 'POST', '/business/name-change', { name, reason: 'New sign.' }),
        ),
      );
      expect(renames.map((r) => r.status).sort()).toEqual([201, 409]);
    });

    it('an unverified business cannot give itself the ✅', async () => {
      const business = await registered('Zapatería Río');
      expect(await writeOwnProfile(business, 'verified', true)).toMatchObject({
        type: 'error',
        kind: 'refused_update',
      });
      expect((await profileSeenByCustomer(business.id)).verified).toBe(false);
    });

    it('name change: reviewed, history kept, and approval removes the ✅', async () => {
      const business = await registered('Librería Sur');
      const verification = await asBusiness(business, 'POST', '/business/verification', {
        evidence: 'Register 9.',
      });
      await admin('POST', `/admin/verifications/${verification.body.id}/approve`, {});
      expect((await profileSeenByCustomer(business.id)).verified).toBe(true);

      expect(
        await asBusiness(business, 'POST', '/business/name-change', {
          name: 'Souk Books',
          reason: 'Rebrand.',
        }),
      ).toMatchObject({
        status: 400,
        body: { kind: 'bad_request', details: { reason: 'platform_name' } },
      });
      const rejected = await asBusiness(business, 'POST', '/business/name-change', {
        name: 'Librería Norte',
        reason: 'We moved north.',
      });
      expect(rejected).toMatchObject({
        status: 201,
        body: { status: 'pending', currentName: 'Librería Sur', name: 'Librería Norte' },
      });
      await admin('POST', `/admin/name-changes/${rejected.body.id}/reject`, {
        reason: 'Show the new sign.',
      });
      expect(await profileSeenByCustomer(business.id)).toMatchObject({
        name: 'Librería Sur',
        verified: true,
      });

      const request = await asBusiness(business, 'POST', '/business/name-change', {
        name: '  Librería   Norte ',
        reason: 'Here is the sign.',
      });
      expect(request.body.name).toBe('Librería Norte');
      const listed = await admin('GET', '/admin/name-changes?status=pending');
      expect(listed.body.map((r: { id: string }) => r.id)).toContain(request.body.id);
      expect(
        (await admin('POST', `/admin/name-changes/${request.body.id}/approve`, { reason: 'OK' }))
          .body.status,
      ).toBe('approved');

      const me = await asBusiness(business, 'GET', '/business/me');
      expect(me.body.business).toMatchObject({ name: 'Librería Norte', verified: false });
      expect(me.body.names.map((n: { name: string }) => n.name)).toEqual([
        'Librería Sur',
        'Librería Norte',
      ]);
      expect(await profileSeenByCustomer(business.id)).toMatchObject({
        name: 'Librería Norte',
        verified: false,
      });
      expect((await admin('POST', '/admin/name-changes/nope/approve', {})).status).toBe(404);
    });

    it('suspend stops every business action, restore brings it back', async () => {
      const business = await registered('Taller Mora');
      const suspended = await admin('POST', `/admin/businesses/${business.id}/suspend`, {
        reason: 'Reported for spam.',
      });
      expect(suspended).toMatchObject({ status: 200, body: { status: 'suspended' } });
      const refusedCalls: Gated[] = [
        ['POST', '/business/verification', { evidence: 'x' }],
        ['POST', '/chats', { phone: platform.person.phone }],
        ['POST', '/media/images', undefined, await photo()],
      ];
      for (const [method, path, body, init] of refusedCalls) {
        expect(
          await call(business, 'business', method, path, body, init),
          `suspended: ${method} ${path}`,
        ).toMatchObject({
          status: 403,
          body: { kind: 'forbidden', details: { reason: 'business_suspended' } },
        });
      }
      expect(await writeOwnProfile(business, 'description', 'Open.')).toMatchObject({
        type: 'error',
        kind: 'forbidden',
      });
      await admin('POST', `/admin/businesses/${business.id}/restore`, {});
      expect(await writeOwnProfile(business, 'description', 'Open.')).toMatchObject({
        type: 'ack',
      });
      const listed = await admin('GET', '/admin/businesses');
      expect(listed.body.find((b: { id: string }) => b.id === business.id)).toMatchObject({
        status: 'active',
      });
    });
  });
});
