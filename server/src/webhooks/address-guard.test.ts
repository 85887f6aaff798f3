import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkWebhookUrl, guardedLookup, isPublicAddress } from './address-guard.ts';

const production = { allowPrivate: false };
const development = { allowPrivate: true };

describe('webhook address guard', () => {
  it('tells public addresses from private, loopback, link-local, CGNAT, ULA and mapped ones', () => {
    for (const address of ['1.1.1.1', '8.8.8.8', '2606:4700::1111'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('refuses private targets and plain http in production, allows loopback http in development', async () => {
    expect(await checkWebhookUrl('https://1.1.1.1/hook', production)).toBeNull();
    for (const url of [
      'http://1.1.1.1/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.5/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[fd00::1]/hook',
      'https://localhost/hook',
      'https://user:pw@1.1.1.1/hook',
      'ftp://1.1.1.1/hook',
    ])
      expect(await checkWebhookUrl(url, production), url).not.toBeNull();
    expect(await checkWebhookUrl('http://127.0.0.1:8080/hook', development)).toBeNull();
    expect(await checkWebhookUrl('http://1.1.1.1/hook', development)).not.toBeNull();
  });

  it('refuses the connection itself when a name resolves to loopback (delivery time)', async () => {
    const server = createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const attempt = (options: { allowPrivate: boolean }) =>
      new Promise<string>((resolve) => {
        const req = request(
          { host: 'localhost', port, path: '/', family: 4, lookup: guardedLookup(options) },
          (res) => {
            res.resume();
            resolve(`status ${res.statusCode}`);
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        req.end();
      });
    expect(await attempt(production)).toBe('ESSRF');
    expect(await attempt(development)).toBe('status 200');
    server.close();
  });
});
