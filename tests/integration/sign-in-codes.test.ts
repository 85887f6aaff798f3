/**
 * Sign-in codes never leak (issue 13, item 4), tried as a neighbour on the network would: the
 * development outbox answers only loopback clients and no forwarded request; forwarded headers
 * count only from a trusted proxy, so nobody escapes the per-address limit by making some up;
 * session cookies are Secure when a trusted proxy says the request came over TLS; and in
 * production no code is ever written to the log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { createLogger } from '@souk/server';
import { devRoutes } from '@souk/sync';
import { typedClient } from '../support/typed-client.ts';
import { backends, startTestServer, type TestServer } from '../support/server.ts';

const externalIpv4 = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.each(backends)('sign-in codes on %s', (backend) => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  const start = async (env: Record<string, string> = {}, logger = createLogger('silent')) => {
    server = await startTestServer(env, { logger }, backend);
    return server;
  };
  const requestCode = (base: string, phone: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ phone }),
    });
  const outbox = (base: string, headers: Record<string, string> = {}, query = '') =>
    fetch(`${base}/api/dev/outbox${query}`, { headers });

  it('the outbox refuses any forwarded request, even from loopback', async () => {
    const { url } = await start();
    expect((await requestCode(url, '+34600000001')).status).toBe(200);
    expect((await outbox(url, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
    expect((await outbox(url, { forwarded: 'for=127.0.0.1' })).status).toBe(403);
    expect((await outbox(url, { 'X-Forwarded-For': '' })).status).toBe(403);
    const local = await outbox(url);
    expect(local.status).toBe(200);
    expect(await local.json()).toHaveLength(1);
  });

  it('the outbox judges who asks before its query, which is the contract’s', async () => {
    const { url } = await start();
    const forwarded = await outbox(url, { 'x-forwarded-for': '127.0.0.1' }, '?nonsense=1');
    expect(await forwarded.json()).toMatchObject({ kind: 'forbidden' });
    const unknown = await outbox(url, {}, '?nonsense=1');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ kind: 'bad_request' });
    await requestCode(url, '+34600000009');
    const mine = await typedClient(url, null).call(devRoutes.outbox, {
      query: { phone: '+34 600 000 009' },
    });
    expect(mine.map((entry) => entry.phone)).toEqual(['+34600000009']);
  });

  it('the outbox refuses forwarded requests from a trusted proxy too', async () => {
    const { url } = await start({ SOUK_TRUST_PROXY: '127.0.0.0/8' });
    expect((await outbox(url, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
    expect((await outbox(url)).status).toBe(200);
  });

  it.skipIf(externalIpv4 === undefined)(
    'the outbox refuses a client on the network (not loopback)',
    async () => {
      const { port } = await start({ HOST: '0.0.0.0' });
      expect((await requestCode(`http://${externalIpv4}:${port}`, '+34600000002')).status).toBe(
        200,
      );
      const reply = await outbox(`http://${externalIpv4}:${port}`);
      expect(reply.status).toBe(403);
      expect(JSON.stringify(await reply.json())).not.toMatch(/\d{6}/);
      expect((await outbox(`http://127.0.0.1:${port}`)).status).toBe(200);
    },
  );

  it('made-up forwarded addresses do not escape the per-address limit', async () => {
    const { url } = await start({ SOUK_CODES_PER_IP: '2' });
    const statuses = [];
    for (const [i, spoof] of ['198.51.100.1', '198.51.100.2', '198.51.100.3'].entries())
      statuses.push(
        (await requestCode(url, `+3460000001${i}`, { 'x-forwarded-for': spoof })).status,
      );
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('behind a trusted proxy, the rightmost forwarded address outside it is the client', async () => {
    const { url } = await start({ SOUK_CODES_PER_IP: '2', SOUK_TRUST_PROXY: '127.0.0.1/32' });
    const from = (chain: string, phone: string) =>
      requestCode(url, phone, { 'x-forwarded-for': chain });
    // The client writes whatever it likes on the left; the proxy appends the address it saw.
    expect((await from('6.6.6.1, 198.51.100.7', '+34600000021')).status).toBe(200);
    expect((await from('6.6.6.2, 198.51.100.7', '+34600000022')).status).toBe(200);
    expect((await from('6.6.6.3, 198.51.100.7', '+34600000023')).status).toBe(429);
    expect((await from('198.51.100.8', '+34600000024')).status).toBe(200);
    expect((await from('198.51.100.8, 127.0.0.1', '+34600000025')).status).toBe(200);
    expect((await from('198.51.100.8', '+34600000026')).status).toBe(429);
  });

  it('session cookies are Secure when a trusted proxy says TLS, and only then', async () => {
    const secureCookie = async (env: Record<string, string>) => {
      const { url } = await start(env);
      const phone = '+34600000031';
      await requestCode(url, phone);
      const [entry] = (await (await outbox(url)).json()) as Array<{ code: string }>;
      const verified = await fetch(`${url}/api/auth/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ phone, code: entry!.code }),
      });
      expect(verified.status).toBe(200);
      const cookie = verified.headers.getSetCookie()[0] ?? '';
      await server!.close();
      server = null;
      return /;\s*Secure/i.test(cookie);
    };
    expect(await secureCookie({ SOUK_TRUST_PROXY: '127.0.0.1' })).toBe(true);
    expect(await secureCookie({})).toBe(false);
    expect(await secureCookie({ SOUK_TRUST_PROXY: '10.0.0.0/8' })).toBe(false);
  });

  it('in production no code is written to the log; in development it is', async () => {
    const logged = async (env: Record<string, string>) => {
      const lines: string[] = [];
      const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
      const { url } = await start({ SOUK_DEV_OUTBOX: '1', ...env }, logger);
      const phone = '+34600000041';
      expect((await requestCode(url, phone)).status).toBe(200);
      const [entry] = (await (await outbox(url)).json()) as Array<{ code: string }>;
      await server!.close();
      server = null;
      const log = lines.join('');
      expect(log).toContain(phone);
      return log.includes(entry!.code);
    };
    expect(await logged({ NODE_ENV: 'production' })).toBe(false);
    expect(await logged({})).toBe(true);
  });
});
