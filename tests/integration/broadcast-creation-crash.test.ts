/**
 * A broadcast job whose creation died with its process (issue 19, item 4), on both databases:
 * the job row is `preparing` with some of its recipients stored and a lease nobody renews. The
 * next server process deletes it (the runner's sweep, or the same key asked again) and sends it
 * to nobody; the shop's retry with the same key starts the job afresh and reaches each customer
 * once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@souk/server';
import {
  startServerProcess,
  testStorage,
  type ServerProcess,
  type TestStorage,
} from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { backends } from '../support/server.ts';
import { signIn, type SignedIn } from '../support/people.ts';
import { finished } from '../support/broadcasts.ts';
import { openShop, optIn } from '../support/shop.ts';

describe.each(backends)('a broadcast job half-created by a dead process, on %s', (backend) => {
  let storage: TestStorage;
  let server: ServerProcess | undefined;
  let port: number;
  const env = () => ({ ...storage.env, SOUK_BROADCAST_LEASE_MS: '1000' });
  const phone = (n: number) =>
    `+3467960${backend === 'pglite' ? 1 : 2}${String(n).padStart(3, '0')}`;

  beforeAll(async () => {
    storage = await testStorage(backend);
    expect(await runCli(['create-operator', '--phone', phone(1)], storage.env, () => {})).toBe(0);
    port = await freePort();
  });
  afterAll(async () => {
    await server?.stop();
    await storage?.drop();
  });

  it('is deleted at the next start, and its key starts the job afresh', async () => {
    server = await startServerProcess(env(), port);
    const url = () => server!.url;
    const shop = await openShop(url, { operator: phone(1), shop: phone(2) }, 'Vivero Oeste');
    await shop.call('POST', '/business/templates', {
      name: 'seedlings',
      category: 'marketing',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hello {{name}}, the seedlings are here.' } },
    });
    const fans: SignedIn[] = [];
    for (let i = 0; i < 3; i++) {
      const fan = await signIn(server.url, phone(10 + i));
      await optIn(server.url, fan, shop.business.id);
      fans.push(fan);
    }
    expect(await server.stop()).toBe(0);

    // What a process that died while storing the job's recipients leaves behind.
    const key = 'seedlings-of-the-week-01';
    await storage.query(
      `INSERT INTO broadcasts (id, business_id, key, request_hash, template, version, status,
         total, runner, lease_until, created_at)
       VALUES ('deadjob', $1, $2, 'an-earlier-process', 'seedlings', 1, 'preparing', 3, 'gone', 1, 1)`,
      [shop.business.id, key],
    );
    await storage.query(
      `INSERT INTO broadcast_recipients (broadcast_id, seq, person_id, phone, params, status)
       VALUES ('deadjob', 1, $1, $2, '{"name":"friend"}', 'pending')`,
      [fans[0]!.id, fans[0]!.phone],
    );

    server = await startServerProcess(env(), port);
    const body = { template: 'seedlings', params: { name: 'friend' }, key };
    const job = await shop.call('POST', '/business/broadcasts', body);
    expect(job).toMatchObject({ status: 'running', total: 3 });
    expect(job.broadcast).not.toBe('deadjob');
    const replies = async (method: string, path: string) => ({
      status: 200,
      body: await shop.call(method, path),
    });
    const done = await finished(replies, job.broadcast);
    expect(done).toMatchObject({ status: 'done', sent: 3, refused: 0 });
    expect(done.results.map((r) => r.personId).sort()).toEqual(fans.map((f) => f.id).sort());
    await expect(shop.call('GET', '/business/broadcasts/deadjob')).rejects.toThrow(/404/);
    expect(await server.stop()).toBe(0);
    server = undefined;
    const left = await storage.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM broadcast_recipients WHERE broadcast_id = 'deadjob'`,
      [],
    );
    expect(left[0]!.n).toBe(0);
  }, 180_000);
});
