/**
 * Which IP addresses the server may connect to on someone else's behalf (webhooks, Web Push).
 * Public means: not private, loopback, link-local (cloud metadata), carrier-grade NAT,
 * benchmarking (198.18.0.0/15), documentation, unique-local, multicast or reserved — and not an
 * IPv6 address that carries such an IPv4 address inside it. IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d) and 6to4 (2002:aabb:ccdd::/48)
 * addresses are judged by the IPv4 address they embed; NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and
 * Teredo (2001::/32) are refused outright, since where they lead depends on a translator.
 */
import { BlockList, isIP } from 'node:net';

const blockedV4 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blockedV4.addSubnet(net, bits, 'ipv4');

const blockedV6 = new BlockList();
for (const [net, bits] of [
  ['::', 96], // unspecified, loopback and the IPv4-compatible block not judged by its IPv4
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:10::', 28],
  ['2001:20::', 28],
  ['2001:db8::', 32],
  ['3fff::', 20],
  ['5f00::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blockedV6.addSubnet(net, bits, 'ipv6');

/** The sixteen bytes of an IPv6 address (zone id dropped), or null when it is not one. */
export function ipv6Bytes(text: string): Uint8Array | null {
  const address = text.replace(/%.*$/, '');
  if (isIP(address) !== 6) return null;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined): number[] => {
    if (!part) return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = piece.split('.').map(Number);
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else out.push(parseInt(piece, 16));
    }
    return out;
  };
  const first = groups(head);
  const last = groups(tail);
  const all = [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}

const dotted = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const zero = (b: Uint8Array, from: number, to: number) =>
  b.subarray(from, to).every((x) => x === 0);

/** The IPv4 address an IPv6 address stands for or carries (mapped, translated, compatible, 6to4). */
export function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  if (zero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return dotted(b, 12); // ::ffff:a.b.c.d
  if (zero(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zero(b, 10, 12)) return dotted(b, 12); // ::ffff:0:a.b.c.d
  if (zero(b, 0, 12) && !zero(b, 12, 15)) return dotted(b, 12); // ::a.b.c.d (not :: or ::1)
  if (b[0] === 0x20 && b[1] === 0x02) return dotted(b, 2); // 6to4
  return null;
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return !blockedV4.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return !blockedV4.check(v4, 'ipv4');
  return !blockedV6.check(address.replace(/%.*$/, ''), 'ipv6');
}

/** 127.0.0.0/8, ::1, or an IPv4-mapped loopback address (what the kernel really loops back). */
export function isLoopbackAddress(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  const b = ipv6Bytes(address);
  if (!b || !zero(b, 0, 10)) return false;
  if (b[10] === 0xff && b[11] === 0xff) return b[12] === 127;
  return zero(b, 10, 15) && b[15] === 1;
}
