/**
 * Issue 14, compression and caching, against the real server: the web app's files go out in the
 * precompressed variant the client accepts (br, gzip, or identity) with `Vary: Accept-Encoding`;
 * hashed assets are cached for a year, the shell and the service worker revalidated (and a
 * revalidation costs a 304); API answers over 1 KB are compressed, small ones are not.
 * The web directory is a small stand-in for a build (tests/support/fake-build.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { rawRequest } from '../support/raw-http.ts';
import { fakeBuild, fakeScript as script, fakeShell as shell } from '../support/fake-build.ts';

describe.each(backends)('compressed and cached delivery (%s)', (backend) => {
  let server: TestServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = fakeBuild();
    server = await startTestServer({ WEB_DIR: webDir, SOUK_CODES_PER_IP: '1000' }, {}, backend);
  });
  afterAll(async () => {
    await server.close();
    rmSync(webDir, { recursive: true, force: true });
  });
  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(`${server.url}${path}`, { headers });
  const asset = '/_app/immutable/entry/app.abc123.js';

  it('serves brotli to a browser that takes it, as the build wrote it', async () => {
    const res = await get(asset, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('serves gzip when brotli is refused or not offered', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5']) {
      const res = await get(asset, { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(gunzipSync(res.body).toString()).toBe(script);
    }
  });

  it('serves the plain file without an acceptable encoding, still varying on it', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ]) {
      const res = await get(asset, headers);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.body.toString()).toBe(script);
    }
  });

  it('caches hashed assets for a year and revalidates the shell and the service worker', async () => {
    expect((await get(asset)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of [
      '/',
      '/chat/abc',
      '/business/stats',
      '/service-worker.js',
      '/manifest.webmanifest',
    ]) {
      expect((await get(path)).headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('answers a revalidation of the shell with 304, per encoding', async () => {
    const first = await get('/', { 'accept-encoding': 'br' });
    expect(first.headers['content-encoding']).toBe('br');
    const etag = first.headers['etag']!;
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The gzip variant is another representation: its own validator, a full answer.
    const other = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(other.status).toBe(200);
    expect(gunzipSync(other.body).toString()).toBe(shell);
  });

  it('does not serve files outside the web directory', async () => {
    for (const path of [
      '/..%2f..%2fetc%2fpasswd',
      '/%2e%2e/package.json',
      '/_app/..%5c..%5cindex.js',
    ]) {
      const res = await get(path);
      expect(res.body.toString(), path).not.toContain('root:');
      expect(res.status, path).not.toBe(500);
    }
  });

  it('compresses API answers over 1 KB and leaves small ones alone', async () => {
    for (let i = 0; i < 20; i++) {
      const phone = `+3467770${String(i).padStart(4, '0')}`;
      const sent = await fetch(`${server.url}/api/auth/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-souk-app': 'personal' },
        body: JSON.stringify({ phone }),
      });
      expect(sent.ok).toBe(true);
    }
    const big = await get('/api/dev/outbox', { 'accept-encoding': 'gzip, br' });
    expect(big.headers['content-encoding']).toBe('br');
    expect(big.headers['vary']).toMatch(/accept-encoding/i);
    const entries = JSON.parse(brotliDecompressSync(big.body).toString()) as unknown[];
    expect(entries).toHaveLength(20);
    const gz = await get('/api/dev/outbox', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString())).toEqual(entries);
    const plain = await get('/api/dev/outbox');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString())).toEqual(entries);

    const small = await get('/api/dev/outbox?phone=%2B34677700000', { 'accept-encoding': 'br' });
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toHaveLength(1);
  });
});
