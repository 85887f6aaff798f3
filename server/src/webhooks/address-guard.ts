/**
 * No server-side request forgery, for every request the server makes to an address someone else
 * chose (webhooks, Web Push). A URL must be https (plain http only to a loopback address, and only
 * where allowed: development) and every address its host resolves to must be public (see
 * address-ranges.ts) unless development allows private ones. The name is resolved once, here, and
 * the connection goes to the address that was checked (`pinnedLookup`): the HTTP client never
 * looks the name up again, so a name that resolves elsewhere a moment later (DNS rebinding)
 * changes nothing. Checked when an endpoint is registered and again at every request.
 */
import { isIP, type LookupFunction } from 'node:net';
import { lookup } from 'node:dns/promises';
import { isLoopbackAddress, isPublicAddress } from './address-ranges.ts';

export { isLoopbackAddress, isPublicAddress } from './address-ranges.ts';

export interface GuardOptions {
  /** Development: private and loopback addresses allowed, and plain http to loopback. */
  allowPrivate: boolean;
  /** Plain http to loopback allowed (default: as `allowPrivate`); push allows it in development. */
  allowLoopbackHttp?: boolean;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name → addresses; the system resolver unless a test counts the lookups. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;
export const systemResolver: Resolver = (host) => lookup(host, { all: true });

/** A URL that passed the guard, with the one address the connection must go to. */
export interface GuardedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type GuardVerdict = { target: GuardedTarget } | { problem: string };

/** Checks `raw` and resolves its host once; the target carries the address to connect to. */
export async function guardUrl(
  raw: string,
  options: GuardOptions,
  resolve: Resolver = systemResolver,
): Promise<GuardVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'not a URL' };
  }
  if (url.username || url.password) return { problem: 'credentials in the URL are not allowed' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: 'the URL must be https' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch {
    return { problem: `the host ${url.hostname} does not resolve` };
  }
  if (addresses.length === 0) return { problem: `the host ${url.hostname} does not resolve` };
  const loopbackHttp = options.allowLoopbackHttp ?? options.allowPrivate;
  const allLoopback = addresses.every((a) => isLoopbackAddress(a.address));
  if (url.protocol === 'http:' && !(loopbackHttp && allLoopback))
    return { problem: 'the URL must be https (plain http only to loopback in development)' };
  const httpToLoopback = url.protocol === 'http:';
  if (
    !options.allowPrivate &&
    !httpToLoopback &&
    !addresses.every((a) => isPublicAddress(a.address))
  )
    return { problem: 'the URL resolves to a private, loopback or link-local address' };
  const first = addresses[0]!;
  return { target: { url, address: first.address, family: first.family === 6 ? 6 : 4 } };
}

/** Null when `raw` may be used, or why not. Resolves the host now. */
export async function checkWebhookUrl(
  raw: string,
  options: GuardOptions,
  resolve: Resolver = systemResolver,
): Promise<string | null> {
  const verdict = await guardUrl(raw, options, resolve);
  return 'problem' in verdict ? verdict.problem : null;
}

/** A socket lookup that answers the checked address, whatever the name resolves to by now. */
export function pinnedLookup(target: GuardedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    const { address, family } = target;
    if (options.all) return callback(null, [{ address, family }]);
    return callback(null, address, family);
  };
}
