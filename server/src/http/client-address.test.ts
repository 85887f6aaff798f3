import { describe, expect, it } from 'vitest';
import { clientOf, TrustedProxies } from './client-address.ts';
import { outboxMayAnswer } from './dev-outbox-route.ts';

const headers =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    h[name];
const none = new TrustedProxies([]);
const proxies = new TrustedProxies(['10.0.0.0/8', '127.0.0.1']);

describe('client address', () => {
  it('ignores forwarded headers unless the peer is a trusted proxy', () => {
    const spoofed = headers({ 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https' });
    expect(clientOf('203.0.113.7', false, spoofed, none)).toMatchObject({
      address: '203.0.113.7',
      tls: false,
    });
    expect(clientOf('203.0.113.7', false, spoofed, proxies)).toMatchObject({
      address: '203.0.113.7',
      tls: false,
    });
    expect(clientOf('::ffff:10.1.1.1', false, spoofed, proxies)).toMatchObject({
      address: '1.2.3.4',
      tls: true,
      peer: '10.1.1.1',
    });
  });

  it('takes the rightmost forwarded address outside the trusted list', () => {
    const chain = headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.9, 10.0.0.2' });
    expect(clientOf('10.0.0.1', false, chain, proxies).address).toBe('198.51.100.9');
    const allTrusted = headers({ 'x-forwarded-for': '10.0.0.3, 10.0.0.2' });
    expect(clientOf('10.0.0.1', false, allTrusted, proxies).address).toBe('10.0.0.3');
    expect(clientOf('10.0.0.1', true, headers({}), proxies)).toMatchObject({
      address: '10.0.0.1',
      tls: true,
    });
  });

  it('reads RFC 7239 Forwarded when there is no X-Forwarded-For', () => {
    const forwarded = headers({
      forwarded: 'for=6.6.6.6;proto=http, for="[2001:db8::7]:4711";proto=https, for=10.0.0.9',
    });
    expect(clientOf('127.0.0.1', false, forwarded, proxies)).toMatchObject({
      address: '2001:db8::7',
      tls: false,
    });
  });
});

describe('development outbox', () => {
  const local = { address: '127.0.0.1', tls: false, peer: '127.0.0.1' };
  it('answers a loopback client that names a loopback host, with no forwarding headers', () => {
    expect(outboxMayAnswer(local, headers({ host: '127.0.0.1:3000' }))).toBe(true);
    expect(outboxMayAnswer(local, headers({ host: 'localhost:3000' }))).toBe(true);
    expect(outboxMayAnswer({ ...local, peer: '::1' }, headers({ host: '[::1]:3000' }))).toBe(true);
  });

  it('refuses other peers, forwarded requests and rebound names', () => {
    const host = { host: 'localhost:3000' };
    expect(outboxMayAnswer({ ...local, peer: '192.0.2.2' }, headers(host))).toBe(false);
    expect(outboxMayAnswer(local, headers({ ...host, 'x-forwarded-for': '127.0.0.1' }))).toBe(
      false,
    );
    expect(outboxMayAnswer(local, headers({ ...host, forwarded: 'for=127.0.0.1' }))).toBe(false);
    expect(outboxMayAnswer(local, headers({ host: 'attacker.example:3000' }))).toBe(false);
  });
});
