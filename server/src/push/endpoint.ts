/**
 * Which push endpoints the server will POST to. A subscription's endpoint comes from a browser,
 * that is from anyone, so it must not turn the server into a way to reach its own network:
 * HTTPS only, to a public host name or address. Plain HTTP to a loopback address is allowed only
 * outside production, for tests and local push services.
 */
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export interface EndpointPolicy {
  allowLoopbackHttp: boolean;
}

export function pushEndpointAllowed(endpoint: string, policy: EndpointPolicy): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (url.protocol === 'http:') return policy.allowLoopbackHttp && isLoopback(host);
  if (url.protocol !== 'https:') return false;
  if (isIP(host)) return !isPrivateAddress(host);
  return !(
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal') ||
    !host.includes('.')
  );
}

/**
 * At sending time: a host name must not resolve to a private address either (a public name can
 * point inside). Plain-HTTP loopback endpoints passed `pushEndpointAllowed` and need no lookup.
 */
export async function pushEndpointResolvesPublic(endpoint: string): Promise<boolean> {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'http:' || isIP(host)) return true;
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => !isPrivateAddress(a.address));
  } catch {
    return false;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Loopback, private, link-local, carrier-grade NAT, unspecified and IPv6 local ranges. */
function isPrivateAddress(host: string): boolean {
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  // IPv6: unspecified, loopback, IPv4-mapped (any), unique local, link-local.
  return (
    host === '::' ||
    host === '::1' ||
    host.startsWith('::ffff:') ||
    /^f[cd]/.test(host) ||
    /^fe[89ab]/.test(host)
  );
}
