/**
 * Issue 14, security headers, against the real server: every answer — the app's shell and
 * files, JSON, errors, uploaded media — carries nosniff, a Referrer-Policy, a Permissions-Policy
 * that keeps camera and microphone to the app, and a Content-Security-Policy that forbids framing.
 * The shell's policy is the build's (its inline script by hash, no 'unsafe-inline' scripts);
 * uploaded media is sandboxed; HSTS only when the public URL is https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { rawRequest, type RawResponse } from '../support/raw-http.ts';
import { signIn } from '../support/people.ts';
import { fakeBuild } from '../support/fake-build.ts';

function expectCommonHeaders(res: RawResponse, what: string): void {
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('same-origin');
  expect(res.headers['permissions-policy'], what).toContain('camera=(self)');
  expect(res.headers['permissions-policy'], what).toContain('microphone=(self)');
  expect(res.headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(res.headers['strict-transport-security'], what).toBeUndefined();
}

describe.each(backends)('security headers (%s)', (backend) => {
  let server: TestServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = fakeBuild();
    server = await startTestServer({ WEB_DIR: webDir }, {}, backend);
  });
  afterAll(async () => {
    await server.close();
    rmSync(webDir, { recursive: true, force: true });
  });
  const get = (path: string) => rawRequest(`${server.url}${path}`);

  it("sends the build's policy with the shell and the app's files, framing forbidden", async () => {
    for (const path of [
      '/',
      '/business',
      '/chat/x',
      '/service-worker.js',
      '/_app/immutable/entry/app.abc123.js',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expectCommonHeaders(res, path);
      const policy = res.headers['content-security-policy']!;
      expect(policy, path).toBe(
        "default-src 'self'; script-src 'self' 'sha256-abc='; frame-ancestors 'none'",
      );
      expect(policy).not.toContain('unsafe-inline');
    }
  });

  it('puts JSON, errors and health answers under a policy that allows nothing', async () => {
    for (const [path, status] of [
      ['/api/terms', 200],
      ['/api/nothing-here', 404],
      ['/api/business/stats.csv', 401],
      ['/health', 200],
      ['/media/not-an-image', 404],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expectCommonHeaders(res, path);
      expect(res.headers['content-security-policy'], path).toMatch(/default-src 'none'/);
    }
  });

  it('serves an upload as the image it is, sniffing off, in a sandbox', async () => {
    const person = await signIn(server.url, '+34677711001');
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#123' } })
      .jpeg()
      .toBuffer();
    const uploaded = await fetch(`${server.url}/api/media/images`, {
      method: 'POST',
      headers: {
        'content-type': 'image/jpeg',
        cookie: person.cookie,
        'x-souk-app': 'personal',
        origin: server.url,
      },
      body: new Uint8Array(jpeg),
    });
    expect(uploaded.status).toBe(201);
    const { url } = (await uploaded.json()) as { url: string };
    const res = await get(url);
    expect(res.status).toBe(200);
    expectCommonHeaders(res, url);
    expect(res.headers['content-type']).toBe('image/webp');
    const policy = res.headers['content-security-policy']!;
    expect(policy).toContain('sandbox');
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src/);
  });
});

describe('HSTS', () => {
  it('is sent only when the public URL is https', async () => {
    const plain = await startTestServer({ SOUK_PUBLIC_URL: 'http://souk.test' });
    const secure = await startTestServer({ SOUK_PUBLIC_URL: 'https://souk.example' });
    try {
      expect(
        (await rawRequest(`${plain.url}/health`)).headers['strict-transport-security'],
      ).toBeUndefined();
      for (const path of ['/health', '/api/terms', '/api/nope']) {
        const res = await rawRequest(`${secure.url}${path}`);
        expect(res.headers['strict-transport-security'], path).toBe('max-age=31536000');
      }
    } finally {
      await plain.close();
      await secure.close();
    }
  });
});
