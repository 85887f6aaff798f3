import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkWebhookUrl, isPublicAddress, type Resolver } from './address-guard.ts';
import { embeddedIpv4, isLoopbackAddress } from './address-ranges.ts';
import { guardedPost } from './guarded-post.ts';

const production = { allowPrivate: false };
const development = { allowPrivate: true };

/** A resolver from a fixed table (no DNS in tests). */
const table =
  (names: Record<string, string[]>): Resolver =>
  async (host) => {
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('address ranges', () => {
  it('lets public IPv4 and IPv6 addresses through', () => {
    for (const address of ['1.1.1.1', '8.8.8.8', '2606:4700::1111', '2a00:1450:4007:80c::200e'])
      expect(isPublicAddress(address), address).toBe(true);
  });

  it('refuses private, loopback, link-local, CGNAT, benchmarking, documentation and multicast IPv4', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '198.18.0.1',
      '198.19.255.254',
      '192.0.2.1',
      '224.0.0.1',
      '255.255.255.255',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('refuses loopback, unspecified, unique-local, link-local and multicast IPv6', () => {
    for (const address of ['::1', '::', 'fe80::1', 'fe80::1%eth0', 'fd00:ec2::254', 'ff02::1'])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('judges IPv4-mapped addresses by the IPv4 they carry', () => {
    expect(isPublicAddress('::ffff:127.0.0.1')).toBe(false);
    expect(isPublicAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isPublicAddress('::ffff:a9fe:a9fe')).toBe(false); // 169.254.169.254 in hex
    expect(isPublicAddress('::ffff:198.18.0.1')).toBe(false);
    expect(isPublicAddress('::ffff:1.1.1.1')).toBe(true);
  });

  it('judges IPv4-translated addresses (::ffff:0:a.b.c.d) by the IPv4 they carry', () => {
    expect(embeddedIpv4('::ffff:0:10.0.0.1')).toBe('10.0.0.1');
    expect(isPublicAddress('::ffff:0:10.0.0.1')).toBe(false);
    expect(isPublicAddress('::ffff:0:7f00:1')).toBe(false);
    expect(isPublicAddress('::ffff:0:1.1.1.1')).toBe(true);
  });

  it('judges IPv4-compatible addresses (::a.b.c.d) by the IPv4 they carry', () => {
    expect(embeddedIpv4('::192.168.0.1')).toBe('192.168.0.1');
    expect(isPublicAddress('::192.168.0.1')).toBe(false);
    expect(isPublicAddress('::a9fe:a9fe')).toBe(false);
    expect(isPublicAddress('::100.64.0.1')).toBe(false);
  });

  it('judges 6to4 addresses (2002::/16) by the IPv4 they embed', () => {
    expect(embeddedIpv4('2002:a00:1::1')).toBe('10.0.0.1');
    expect(isPublicAddress('2002:a00:1::1')).toBe(false);
    expect(isPublicAddress('2002:7f00:1::')).toBe(false);
    expect(isPublicAddress('2002:c0a8:101::1')).toBe(false); // 192.168.1.1
    expect(isPublicAddress('2002:c612:1::1')).toBe(false); // 198.18.0.1
    expect(isPublicAddress('2002:101:101::1')).toBe(true); // 1.1.1.1
  });

  it('refuses NAT64 (well-known and local-use) and Teredo outright', () => {
    for (const address of [
      '64:ff9b::a00:1',
      '64:ff9b::10.0.0.1',
      '64:ff9b::7f00:1',
      '64:ff9b::101:101',
      '64:ff9b:1::a00:1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('knows loopback only where the kernel loops back', () => {
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['2002:7f00:1::', '64:ff9b::7f00:1', '10.0.0.1', '::'])
      expect(isLoopbackAddress(address), address).toBe(false);
  });
});

describe('webhook address guard', () => {
  it('refuses private targets and plain http in production, allows loopback http in development', async () => {
    expect(await checkWebhookUrl('https://1.1.1.1/hook', production)).toBeNull();
    for (const url of [
      'http://1.1.1.1/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.5/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[fd00::1]/hook',
      'https://[::ffff:7f00:1]/hook',
      'https://[64:ff9b::a9fe:a9fe]/hook',
      'https://[2002:a9fe:a9fe::]/hook',
      'https://198.18.0.1/hook',
      'https://user:pw@1.1.1.1/hook',
      'ftp://1.1.1.1/hook',
    ])
      expect(await checkWebhookUrl(url, production), url).not.toBeNull();
    expect(await checkWebhookUrl('http://127.0.0.1:8080/hook', development)).toBeNull();
    expect(await checkWebhookUrl('http://1.1.1.1/hook', development)).not.toBeNull();
  });

  it('refuses a name when any of its addresses is not public', async () => {
    const dns = table({
      'hooks.example.com': ['93.184.216.34'],
      'split.example.com': ['93.184.216.34', '10.0.0.7'],
      'mapped.example.com': ['::ffff:192.168.0.1'],
    });
    expect(await checkWebhookUrl('https://hooks.example.com/x', production, dns)).toBeNull();
    expect(await checkWebhookUrl('https://split.example.com/x', production, dns)).not.toBeNull();
    expect(await checkWebhookUrl('https://mapped.example.com/x', production, dns)).not.toBeNull();
    expect(await checkWebhookUrl('https://nowhere.example.com/x', production, dns)).toMatch(
      /does not resolve/,
    );
  });

  it('resolves a name once and connects to the address it checked', async () => {
    const server = createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // A rebinding name: loopback at the check, somewhere else at any later lookup.
    const lookups: string[] = [];
    const rebinding: Resolver = async (host) => {
      lookups.push(host);
      const address = lookups.length === 1 ? '127.0.0.1' : '203.0.113.9';
      return [{ address, family: 4 }];
    };
    const outcome = await guardedPost(
      `http://rebind.test:${port}/hook`,
      { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000 },
      development,
      rebinding,
    );
    server.close();
    expect(outcome).toEqual({ ok: true, status: 200, error: null });
    expect(lookups).toEqual(['rebind.test']);
  });

  it('sends nothing when the one resolution is refused', async () => {
    const lookups: string[] = [];
    const inside: Resolver = async (host) => {
      lookups.push(host);
      return [{ address: '169.254.169.254', family: 4 }];
    };
    const outcome = await guardedPost(
      'https://metadata.test/latest',
      { headers: {}, body: '', timeoutMs: 2000 },
      production,
      inside,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^refused: .*private/);
    expect(lookups).toEqual(['metadata.test']);
  });
});
