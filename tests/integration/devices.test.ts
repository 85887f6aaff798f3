/**
 * Devices (issue 18, item 4) against the real server: the list names each device's browser and
 * system, read by the server from the user agent it signed in with (the apps carry no parser);
 * a device signed out from another one is told why, by a reason code, on its next request; and
 * nobody revokes someone else's device.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountRoutes, devRoutes } from '@souk/sync';
import { refusalOf, typedClient } from '../support/typed-client.ts';
import { signIn } from '../support/people.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const androidChrome =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const windowsEdge =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86';

describe('devices', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  /** Signs in as a browser would: its user agent in the header, no `device` in the body. */
  async function signInAs(url: string, phone: string, userAgent: string) {
    const headers = { 'content-type': 'application/json', 'x-souk-app': 'personal' };
    await fetch(`${url}/api/auth/code`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ phone }),
    });
    const [sent] = await typedClient(url, null).call(devRoutes.outbox, { query: { phone } });
    const verified = await fetch(`${url}/api/auth/verify`, {
      method: 'POST',
      headers: { ...headers, 'user-agent': userAgent },
      body: JSON.stringify({ phone, code: sent!.code }),
    });
    expect(verified.status).toBe(200);
    return { cookie: (verified.headers.getSetCookie()[0] ?? '').split(';')[0]! };
  }

  it('lists browser and system, and tells a revoked device why it was signed out', async () => {
    server = await startTestServer();
    const { url } = server;
    const phone = '+34600100001';
    const phoneOne = await signInAs(url, phone, androidChrome);
    const laptop = await signInAs(url, phone, windowsEdge);
    const tool = await signIn(url, phone); // a client that names itself ("test")

    const listed = await typedClient(url, phoneOne).call(accountRoutes.sessions);
    expect(listed.map(({ browser, os, current }) => ({ browser, os, current }))).toEqual(
      expect.arrayContaining([
        { browser: 'Chrome', os: 'Android', current: true },
        { browser: 'Microsoft Edge', os: 'Windows', current: false },
        { browser: null, os: null, current: false },
      ]),
    );
    expect(listed.find((s) => s.browser === null)?.device).toBe('test');

    const laptopId = listed.find((s) => s.os === 'Windows')!.id;
    await typedClient(url, phoneOne).call(accountRoutes.revokeSession, {
      params: { id: laptopId },
    });
    expect(await refusalOf(typedClient(url, laptop).call(accountRoutes.me))).toEqual({
      kind: 'unauthenticated',
      details: { reason: 'signed_out_elsewhere' },
    });

    // Signing out on a device: its old cookie, if it ever came back, says so.
    await typedClient(url, tool).call(accountRoutes.signOut);
    expect(await refusalOf(typedClient(url, tool).call(accountRoutes.me))).toEqual({
      kind: 'unauthenticated',
      details: { reason: 'signed_out' },
    });
    // A cookie the server never issued: no reason to give.
    expect(
      await refusalOf(typedClient(url, { cookie: 'souk_session=made-up' }).call(accountRoutes.me)),
    ).toEqual({ kind: 'unauthenticated' });
    expect(await typedClient(url, phoneOne).call(accountRoutes.sessions)).toHaveLength(1);
  });

  it("refuses to revoke someone else's device, which stays signed in", async () => {
    server = await startTestServer();
    const { url } = server;
    const mallory = await signIn(url, '+34600100002');
    const victim = await signInAs(url, '+34600100003', androidChrome);
    const [victimSession] = await typedClient(url, victim).call(accountRoutes.sessions);
    expect(
      await refusalOf(
        typedClient(url, mallory).call(accountRoutes.revokeSession, {
          params: { id: victimSession!.id },
        }),
      ),
    ).toMatchObject({ kind: 'not_found' });
    expect((await typedClient(url, victim).call(accountRoutes.me)).phone).toBe('+34600100003');
  });
});
