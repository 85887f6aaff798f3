/**
 * Names cannot impersonate (issue 13, item 7), tried as an attacker would through the real server:
 * look-alikes of the platform's name, of a verified business's and of any business's name are
 * refused with their reason code at registration, on a name-change request and again when the
 * operator approves one; nothing is stored. Names that collided before the rule existed are kept
 * and filed in the console's review queue (reports) when the server starts, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@souk/server';
import { backends, startTestServer, type Backend } from '../support/server.ts';
import { testStorage } from '../support/processes.ts';
import { signIn, type SignedIn } from '../support/people.ts';
import { platformHarness } from '../support/platform.ts';

const operatorPhone = '+34 655 700 001';

describe.each(backends)('on %s', (backend) => {
  const platform = platformHarness(backend, operatorPhone, '+34655700002');
  const { admin, asBusiness, newBusiness, acceptCurrent, publish, registered } = platform;

  async function verified(name: string): Promise<SignedIn> {
    const business = await registered(name);
    await asBusiness(business, 'POST', '/business/verification', { evidence: 'Registry 7.' });
    const pending = await admin('GET', '/admin/verifications?status=pending');
    const request = pending.body.find((r: { businessId: string }) => r.businessId === business.id);
    expect((await admin('POST', `/admin/verifications/${request.id}/approve`, {})).status).toBe(
      200,
    );
    return business;
  }

  /** Registration of `name` by a fresh business is refused with `code`, and nothing is stored. */
  async function expectRefused(name: string, code: string) {
    const attacker = await newBusiness();
    await acceptCurrent(attacker);
    const reply = await asBusiness(attacker, 'POST', '/business/register', {
      name,
      category: 'retail',
    });
    expect(reply, name).toMatchObject({
      status: 409,
      body: { kind: 'conflict', details: { code, reason: code } },
    });
    expect((await asBusiness(attacker, 'GET', '/business/me')).body.business).toBeNull();
    const listed = (await admin('GET', '/admin/businesses')).body as Array<{ id: string }>;
    expect(listed.some((b) => b.id === attacker.id)).toBe(false);
  }

  beforeAll(async () => {
    await platform.start();
    await publish('tos', 'Terms.');
    await publish('privacy', 'Privacy.');
  });
  afterAll(() => platform.cleanup());

  it('refuses look-alikes of a verified business, digits for letters included', async () => {
    await verified('Zara Moda');
    for (const name of [
      'Zаrа Moda',
      'ZARA MODA',
      'Ｚａｒａ Ｍｏｄａ',
      'Z4ra Moda',
      'Zárá Modá',
      'ΖΑRΑ ΜΟDΑ',
    ])
      await expectRefused(name, 'name_impersonates_verified');
  });

  it('refuses look-alikes of an unverified business as taken, but not digits for letters', async () => {
    await registered('Panadería Luna');
    for (const name of [
      'Panaderíа Lunа',
      'PANADERÍA LUNA',
      'Panadería-Luna',
      'Panadería\u00A0Luna',
    ])
      await expectRefused(name, 'name_taken');
    await registered('Panadería Lun4'); // digits are read as letters only against protected names
  });

  it("refuses look-alikes of the platform's name", async () => {
    for (const name of ['Ѕоuк Market', 'S0uk Help', 'Tienda ЅОUК'])
      await expectRefused(name, 'name_impersonates_platform');
  });

  it('hands out one of two look-alikes claimed at the same moment', async () => {
    const rivals = [await newBusiness(), await newBusiness()];
    for (const rival of rivals) await acceptCurrent(rival);
    const replies = await Promise.all(
      ['Óptica Faro', 'ÓPTICA FАRO'].map((name, i) =>
        asBusiness(rivals[i]!, 'POST', '/business/register', { name, category: 'retail' }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('refuses a name change to a look-alike, and re-checks when the operator approves', async () => {
    await verified('Banco Norte');
    const business = await registered('Librería Este');
    const refused = await asBusiness(business, 'POST', '/business/name-change', {
      name: 'Banc0 N0rte',
      reason: 'New owners.',
    });
    expect(refused).toMatchObject({
      status: 409,
      body: { details: { code: 'name_impersonates_verified' } },
    });
    const none = (await admin('GET', '/admin/name-changes?status=pending')).body;
    expect(none.some((r: { businessId: string }) => r.businessId === business.id)).toBe(false);

    const request = await asBusiness(business, 'POST', '/business/name-change', {
      name: 'Horno Verde',
      reason: 'New owners.',
    });
    expect(request.status).toBe(201);
    await registered('HORNO VERDE'); // a pending request does not reserve the name
    const approve = await admin('POST', `/admin/name-changes/${request.body.id}/approve`, {});
    expect(approve).toMatchObject({ status: 409, body: { details: { code: 'name_taken' } } });
    const me = await asBusiness(business, 'GET', '/business/me');
    expect(me.body.business.name).toBe('Librería Este');
    const pending = (await admin('GET', '/admin/name-changes?status=pending')).body;
    expect(pending.map((r: { id: string }) => r.id)).toContain(request.body.id);
  });

  it('lets a business rename itself to a look-alike of its own name', async () => {
    const business = await registered('Taller Sur');
    const request = await asBusiness(business, 'POST', '/business/name-change', {
      name: 'TALLER SUR',
      reason: 'Capitals.',
    });
    expect(request.status).toBe(201);
    expect((await admin('POST', `/admin/name-changes/${request.body.id}/approve`, {})).status).toBe(
      200,
    );
  });

  it('files look-alikes of a business when it becomes verified', async () => {
    const copy = await registered('Frutas 5ol');
    await verified('Frutas Sol'); // free while "Frutas 5ol" was not protected: 5 reads as s only then
    const reports = (await admin('GET', '/admin/reports?status=open')).body;
    expect(reports).toContainEqual(
      expect.objectContaining({
        businessId: copy.id,
        reporter: 'platform',
        code: 'name_impersonates_verified',
        related: expect.objectContaining({ name: 'Frutas Sol', verified: true }),
      }),
    );
  });
});

describe.each(backends)('names from before the rule, on %s', (backend: Backend) => {
  it('are kept and filed for review at start, once', async () => {
    const storage = await testStorage(backend);
    const quiet = () => {};
    expect(await runCli(['create-operator', '--phone', operatorPhone], storage.env, quiet)).toBe(0);
    const limits = { authLimits: { perIp: 10_000, perPhone: 100 } };
    let server = await startTestServer(storage.env, limits);
    const h = platformHarness(backend, operatorPhone, '+34655700003');
    Object.assign(h, { server, operator: await signIn(server.url, '+34655700001') });
    await h.publish('tos', 'Terms.');
    await h.publish('privacy', 'Privacy.');
    const original = await h.registered('Horno Real');
    await h.asBusiness(original, 'POST', '/business/verification', { evidence: 'Registry 9.' });
    const [verification] = (await h.admin('GET', '/admin/verifications?status=pending')).body;
    await h.admin('POST', `/admin/verifications/${verification.id}/approve`, {});
    const cafe = await h.registered('Café Norte');
    const copies = [
      [await h.registered('Tienda Uno'), 'Hоrno Reаl'],
      [await h.registered('Tienda Dos'), 'CAFÉ NORTE'],
      [await h.registered('Tienda Tres'), 'Ѕоuк Shop'],
    ] as const;
    await server.close();

    // As the rows were before the rule: look-alike names, no keys.
    const renames = copies.flatMap(([business, name]) => [business.id, name]);
    await storage.query(
      `UPDATE businesses SET name_keys_version = NULL,
         name = CASE id WHEN $1 THEN $2 WHEN $3 THEN $4 WHEN $5 THEN $6 END
       WHERE id IN ($1, $3, $5)`,
      renames,
    );
    await storage.query('DELETE FROM business_name_keys WHERE business_id IN ($1, $2, $3)', [
      ...copies.map(([business]) => business.id),
    ]);
    server = await startTestServer(storage.env, limits);
    Object.assign(h, { server, operator: await signIn(server.url, '+34655700001') });
    const open = async () =>
      ((await h.admin('GET', '/admin/reports?status=open')).body as Array<Record<string, unknown>>)
        .filter((r) => r.reporter === 'platform')
        .map((r) => [r.businessName, r.code, (r.related as { name: string } | null)?.name ?? null]);
    const expected = [
      ['Hоrno Reаl', 'name_impersonates_verified', 'Horno Real'],
      ['CAFÉ NORTE', 'name_taken', 'Café Norte'],
      ['Ѕоuк Shop', 'name_impersonates_platform', null],
    ];
    expect((await open()).sort()).toEqual(expected.sort());
    const names = ((await h.admin('GET', '/admin/businesses')).body as Array<{ name: string }>).map(
      (b) => b.name,
    );
    expect(names).toEqual(expect.arrayContaining(['Hоrno Reаl', 'CAFÉ NORTE', 'Ѕоuк Shop']));
    expect(cafe.id).not.toBe(copies[1][0].id);
    await server.close();

    server = await startTestServer(storage.env, limits);
    Object.assign(h, { server, operator: await signIn(server.url, '+34655700001') });
    expect(await open()).toHaveLength(3);
    await server.close();
    await storage.drop();
  });
});
