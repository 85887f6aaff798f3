/**
 * Who sent a request, and whether it arrived over TLS. By default that is the TCP peer and the
 * socket itself: forwarded headers are anyone's to write, so they are ignored. Only when the
 * peer is one of the proxies named in `SOUK_TRUST_PROXY` are `X-Forwarded-For` (or `Forwarded:
 * for=`) and `X-Forwarded-Proto` (or `Forwarded: proto=`) read: the client is the rightmost
 * forwarded address outside the trusted list (everything left of it may be made up by the
 * client), and the request was TLS if the trusted proxy says so.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { BlockList, isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';

export interface Client {
  /** The client's IP address (loopback for in-process requests, which have no socket). */
  address: string;
  /** The request reached us, or the trusted proxy in front of us, over TLS. */
  tls: boolean;
  /** The TCP peer, whatever the headers say. */
  peer: string;
}

/** The proxies whose forwarded headers are believed; empty: none. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  /** `cidrs`: addresses or CIDR blocks (`10.0.0.0/8`, `::1`), checked by config.ts. */
  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [address, bits] = cidr.split('/') as [string, string | undefined];
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(bits), family);
    }
    this.empty = cidrs.length === 0;
  }

  trusts(address: string): boolean {
    const plain = unmapped(address);
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/** `::ffff:127.0.0.1` (a dual-stack socket's view of an IPv4 peer) is `127.0.0.1`. */
export function unmapped(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

type Headers = (name: string) => string | undefined;

/** The client of a request from `peer` with these headers, under `trusted`. */
export function clientOf(
  socketPeer: string,
  socketTls: boolean,
  header: Headers,
  trusted: TrustedProxies,
): Client {
  const peer = unmapped(socketPeer);
  if (trusted.empty || !trusted.trusts(peer)) return { address: peer, tls: socketTls, peer };
  const forwarded = parseForwarded(header('forwarded'));
  const chain = splitList(header('x-forwarded-for')) ?? forwarded.for;
  let address = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    address = unmapped(chain[i]!.replace(/^\[|\]$/g, ''));
    if (!trusted.trusts(address)) break;
  }
  const proto = (splitList(header('x-forwarded-proto')) ?? forwarded.proto)[0]?.toLowerCase();
  return { address, tls: proto === undefined ? socketTls : proto === 'https', peer };
}

function splitList(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** RFC 7239: `Forwarded: for=192.0.2.1;proto=https, for="[2001:db8::1]:4711"`. */
function parseForwarded(value: string | undefined): { for: string[]; proto: string[] } {
  const out = { for: [] as string[], proto: [] as string[] };
  for (const element of splitList(value) ?? []) {
    for (const pair of element.split(';')) {
      const [key, raw = ''] = pair.split('=', 2).map((s) => s.trim()) as [string, string?];
      const v = raw.replace(/^"|"$/g, '');
      if (key.toLowerCase() === 'for')
        out.for.push(
          v.replace(/^\[([^\]]+)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1'),
        );
      if (key.toLowerCase() === 'proto') out.proto.push(v);
    }
  }
  return out;
}

/** The Node socket behind a Hono request (absent for in-process requests in tests). */
function socketOf(c: Context): { remoteAddress?: string; encrypted?: boolean } | undefined {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket as Partial<TLSSocket> | undefined;
}

/** Sets `c.var.client` for every request. */
export function clientMiddleware(
  trusted: TrustedProxies,
): MiddlewareHandler<{ Variables: { client: Client } }> {
  return async (c, next) => {
    const socket = socketOf(c);
    // No socket: an in-process request (`app.request` in tests), made by this very process.
    const peer = socket ? (socket.remoteAddress ?? 'unknown') : '127.0.0.1';
    const tls = socket ? socket.encrypted === true : new URL(c.req.url).protocol === 'https:';
    c.set(
      'client',
      clientOf(peer, tls, (name) => c.req.header(name), trusted),
    );
    await next();
  };
}

/** Whether a request carries any forwarding header (trusted or not). */
export function carriesForwarding(header: Headers): boolean {
  return header('forwarded') !== undefined || header('x-forwarded-for') !== undefined;
}
