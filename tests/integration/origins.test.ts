/**
 * Origins are checked (issue 13, item 5), tried as a hostile page would: a page on another port
 * or subdomain of the same host, whose requests the browser sends with the victim's cookie, can
 * neither open the sync socket (and read the victim's messages) nor change anything over HTTP —
 * here, register a push subscription. Forms' content types are refused too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { signIn, type SignedIn } from '../support/people.ts';

/** Opens /sync with these headers: 'open' (a welcome is possible) or the refused status. */
function upgrade(server: TestServer, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync?app=personal`, {
      headers,
    });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_request, response) => {
      response.resume();
      resolve(`refused ${response.statusCode}`);
    });
    ws.once('error', (error) => resolve(`error ${error.message}`));
  });
}

const subscription = (port: number) => ({
  endpoint: `http://127.0.0.1:${port}/push/${randomBytes(6).toString('hex')}`,
  keys: {
    p256dh: Buffer.concat([Buffer.from([4]), randomBytes(64)]).toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  },
});

describe.each(backends)('origins on %s', (backend) => {
  let server: TestServer;
  let victim: SignedIn;
  let foreign: string;
  beforeAll(async () => {
    server = await startTestServer({ SOUK_PUBLIC_URL: 'https://souk.example' }, {}, backend);
    victim = await signIn(server.url, '+34611100001');
    // The attacker's page: same host, another port (or a subdomain).
    foreign = `http://127.0.0.1:${server.port + 1}`;
  });
  afterAll(() => server.close());

  const post = (path: string, headers: Record<string, string>, body: string) =>
    fetch(`${server.url}/api${path}`, {
      method: 'POST',
      headers: { 'x-souk-app': 'personal', cookie: victim.cookie, ...headers },
      body,
    });

  it('a page on another port or subdomain cannot open the socket with the victim cookie', async () => {
    const { cookie } = victim;
    const host = new URL(server.url).host;
    expect(await upgrade(server, { cookie, origin: foreign })).toBe('refused 403');
    expect(await upgrade(server, { cookie, origin: `http://evil.localhost:${server.port}` })).toBe(
      'refused 403',
    );
    expect(await upgrade(server, { cookie, origin: `https://${host}` })).toBe('refused 403');
    expect(await upgrade(server, { cookie, origin: 'null' })).toBe('refused 403');
    expect(await upgrade(server, { cookie })).toBe('refused 403');
    // The app's own pages: its own origin, the public one, the dev server's outside production.
    expect(await upgrade(server, { cookie, origin: server.url })).toBe('open');
    expect(await upgrade(server, { cookie, origin: 'https://souk.example' })).toBe('open');
    expect(await upgrade(server, { cookie, origin: 'http://localhost:5173' })).toBe('open');
  });

  it('a page on another port cannot register a push subscription', async () => {
    const json = { 'content-type': 'application/json' };
    const attempts = [
      await post(
        '/push/subscriptions',
        { ...json, origin: foreign },
        JSON.stringify(subscription(9)),
      ),
      await post('/push/subscriptions', json, JSON.stringify(subscription(9))),
      // A form can post text/plain without a preflight; it is not JSON to us.
      await post(
        '/push/subscriptions',
        { 'content-type': 'text/plain', origin: server.url },
        JSON.stringify(subscription(9)),
      ),
      await post(
        '/push/subscriptions',
        { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
        JSON.stringify(subscription(9)),
      ),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 400, 400]);
    expect(await server.push.subscriptions.of([victim.id])).toEqual([]);
    const own = await post(
      '/push/subscriptions',
      { ...json, origin: server.url },
      JSON.stringify(subscription(9)),
    );
    expect(own.status).toBe(201);
    expect(await server.push.subscriptions.of([victim.id])).toHaveLength(1);
  });

  it('a foreign page cannot sign the victim out or in', async () => {
    const signOut = await fetch(`${server.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: victim.cookie, origin: foreign },
    });
    expect(signOut.status).toBe(403);
    expect(
      (await fetch(`${server.url}/api/me`, { headers: { cookie: victim.cookie } })).status,
    ).toBe(200);
    // Signing someone into the attacker's account (login CSRF) needs no cookie, but an origin.
    const code = await fetch(`${server.url}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: foreign },
      body: JSON.stringify({ phone: '+34611100002' }),
    });
    expect(code.status).toBe(403);
  });
});

describe('origins in production', () => {
  it('the web dev server origin is not allowed in production', async () => {
    const server = await startTestServer({ NODE_ENV: 'production', SOUK_DEV_OUTBOX: '1' });
    try {
      const { cookie } = await signIn(server.url, '+34611100003');
      expect(await upgrade(server, { cookie, origin: 'http://localhost:5173' })).toBe(
        'refused 403',
      );
      expect(await upgrade(server, { cookie, origin: server.url })).toBe('open');
    } finally {
      await server.close();
    }
  });

  it('behind a trusted TLS proxy the own origin is https', async () => {
    const server = await startTestServer({ SOUK_TRUST_PROXY: '127.0.0.1' });
    try {
      const { cookie } = await signIn(server.url, '+34611100004');
      const host = new URL(server.url).host;
      const https = { cookie, origin: `https://${host}`, 'x-forwarded-proto': 'https' };
      expect(await upgrade(server, https)).toBe('open');
      expect(await upgrade(server, { ...https, origin: server.url })).toBe('refused 403');
    } finally {
      await server.close();
    }
  });
});
