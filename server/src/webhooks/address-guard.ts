/**
 * No server-side request forgery: a webhook URL must be https (plain http only to a loopback
 * address in development) and every address its host resolves to must be public — not private,
 * loopback, link-local (cloud metadata), carrier-grade NAT, unique-local, multicast or reserved —
 * unless development mode allows private ones. Checked when the endpoint is registered and again
 * at each delivery, inside the socket's own DNS lookup (`guardedLookup`), so a name that resolves
 * elsewhere by the time of the delivery (DNS rebinding) is caught on the address actually used.
 */
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup } from 'node:dns';
import { lookup as lookupAll } from 'node:dns/promises';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isPublicAddress(address: string): boolean {
  const { address: a, family } = normalise(address);
  return !blocked.check(a, family);
}

export function isLoopbackAddress(address: string): boolean {
  const { address: a, family } = normalise(address);
  return loopback.check(a, family);
}

export interface GuardOptions {
  /** Development: private and loopback addresses allowed, http to loopback allowed. */
  allowPrivate: boolean;
}

/** Null when `raw` may receive webhooks, or why not. Resolves the host now. */
export async function checkWebhookUrl(raw: string, options: GuardOptions): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'the URL must be https';
  let addresses: string[];
  try {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    addresses = isIP(host) ? [host] : (await lookupAll(host, { all: true })).map((a) => a.address);
  } catch {
    return `the host ${url.hostname} does not resolve`;
  }
  if (addresses.length === 0) return `the host ${url.hostname} does not resolve`;
  if (url.protocol === 'http:' && !(options.allowPrivate && addresses.every(isLoopbackAddress)))
    return 'the URL must be https (plain http only to loopback in development)';
  if (!options.allowPrivate && !addresses.every(isPublicAddress))
    return 'the URL resolves to a private, loopback or link-local address';
  return null;
}

/** A socket lookup that refuses non-public addresses (outside development). */
export function guardedLookup(options: GuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as Array<{ address: string; family: number }>;
      const refused = !options.allowPrivate && list.some((a) => !isPublicAddress(a.address));
      if (refused || list.length === 0) {
        const e = new Error(
          `${hostname} resolves to a non-public address`,
        ) as NodeJS.ErrnoException;
        e.code = 'ESSRF';
        return callback(e, '', 0);
      }
      if (lookupOptions.all) return callback(null, list as never);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
