/**
 * Reporting a person (issue 18), from a hostile client's side, through the real server on PGlite
 * and PostgreSQL: a report is recorded with its reason code and listed in the console; reporting
 * yourself, an unknown id or a business's id, an unknown reason, a business reporting, and a
 * flood of reports sent at once are refused with their reason codes, and none of them is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@souk/sync';
import { backends } from '../support/server.ts';
import { platformHarness } from '../support/platform.ts';
import { signIn, type SignedIn } from '../support/people.ts';

describe.each(backends)('on %s', (backend) => {
  const platform = platformHarness(backend, '+34 655 300 001', '+34655300002');
  const { call, admin } = platform;
  let mallory: SignedIn;
  let flooder: SignedIn;

  beforeAll(async () => {
    await platform.start();
    mallory = await signIn(platform.server.url, '+34655300003');
    flooder = await signIn(platform.server.url, '+34655300004');
  });
  afterAll(() => platform.cleanup());

  const report = (who: SignedIn, body: unknown, app: 'personal' | 'business' = 'personal') =>
    call(who, app, 'POST', '/people/reports', body);
  const listed = async () => (await admin('GET', '/admin/person-reports')).body as { id: string }[];

  it('records a report with its reason code; operators list it, nobody else', async () => {
    const reply = await report(platform.person, { personId: mallory.id, reason: 'harassment' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({
      personId: mallory.id,
      personPhone: mallory.phone,
      reporter: platform.person.id,
      reason: 'harassment',
    });
    const all = await admin('GET', '/admin/person-reports');
    expect(all.status).toBe(200);
    expect(all.body[0]).toEqual(reply.body);
    expect((await call(mallory, 'personal', 'GET', '/admin/person-reports')).status).toBe(403);
  });

  it('refuses reporting yourself, unknown or business ids, unknown reasons and businesses', async () => {
    const before = (await listed()).length;
    const self = await report(mallory, { personId: mallory.id, reason: 'spam' });
    expect([self.status, self.body.details?.reason]).toEqual([400, 'report_self']);
    const unknown = await report(mallory, { personId: 'no-such-id', reason: 'spam' });
    expect([unknown.status, unknown.body.details?.reason]).toEqual([404, 'no_such_person']);
    const shop = await platform.newBusiness();
    const business = await report(mallory, { personId: shop.id, reason: 'spam' });
    expect([business.status, business.body.details?.reason]).toEqual([404, 'no_such_person']);
    const reason = await report(mallory, { personId: platform.person.id, reason: 'i do not like' });
    expect([reason.status, reason.body.kind]).toEqual([400, 'bad_request']);
    const extra = await report(mallory, { personId: platform.person.id, reason: 'spam', x: 1 });
    expect([extra.status, extra.body.kind]).toEqual([400, 'bad_request']);
    const byShop = await report(shop, { personId: mallory.id, reason: 'spam' }, 'business');
    expect([byShop.status, byShop.body.kind]).toEqual([403, 'forbidden']);
    const nobody = await report(null as unknown as SignedIn, {
      personId: mallory.id,
      reason: 'spam',
    });
    expect(nobody.status).toBe(401);
    expect((await listed()).length).toBe(before);
  });

  it('a flood sent at once is held to the limit: the rest are rate limited with a reason code', async () => {
    const before = (await listed()).length;
    const extra = 4;
    const replies = await Promise.all(
      Array.from({ length: limits.maxReportsPerWindow + extra }, () =>
        report(flooder, { personId: mallory.id, reason: 'spam' }),
      ),
    );
    const tally = (status: number) => replies.filter((r) => r.status === status).length;
    expect([tally(201), tally(429)]).toEqual([limits.maxReportsPerWindow, extra]);
    for (const refused of replies.filter((r) => r.status === 429))
      expect(refused.body).toMatchObject({
        kind: 'rate_limited',
        details: { reason: 'too_many_reports', max: limits.maxReportsPerWindow },
      });
    expect((await listed()).length).toBe(before + limits.maxReportsPerWindow);
    // Another person is not held to the flooder's count.
    expect((await report(mallory, { personId: flooder.id, reason: 'spam' })).status).toBe(201);
  });
});
