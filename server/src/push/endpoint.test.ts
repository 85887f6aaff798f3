import { describe, expect, it } from 'vitest';
import type { Resolver } from '../webhooks/address-guard.ts';
import { checkPushEndpoint } from './endpoint.ts';

const production = { allowLoopbackHttp: false };
const development = { allowLoopbackHttp: true };

/** A resolver from a fixed table (no DNS in tests). */
const dns: Resolver = async (host) => {
  const names: Record<string, string> = {
    'fcm.googleapis.com': '142.250.185.10',
    'updates.push.services.mozilla.com': '34.117.65.55',
    'web.push.apple.com': '17.188.180.41',
    localhost: '127.0.0.1',
    metadata: '169.254.169.254',
    'db.internal': '10.0.0.3',
    'nat64.example.com': '64:ff9b::a00:3',
    'sixtofour.example.com': '2002:c0a8:1::1',
    'push.example.com': '93.184.216.34',
  };
  const address = names[host];
  if (!address) throw new Error(`ENOTFOUND ${host}`);
  return [{ address, family: address.includes(':') ? 6 : 4 }];
};

describe('push endpoints pass the address guard', () => {
  it('accepts the push services browsers use', async () => {
    for (const url of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://web.push.apple.com/QGz',
    ])
      expect(await checkPushEndpoint(url, production, dns), url).toBeNull();
  });

  it('refuses anything that reaches inside the network', async () => {
    for (const url of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://localhost/push',
      'https://127.0.0.1/push',
      'https://10.1.2.3/push',
      'https://172.20.0.1/push',
      'https://192.168.1.1/push',
      'https://198.18.0.1/push',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/push',
      'https://[fd00::1]/push',
      'https://[::ffff:10.0.0.1]/push',
      'https://[::ffff:0:10.0.0.1]/push',
      'https://[::10.0.0.1]/push',
      'https://[64:ff9b::a00:1]/push',
      'https://[2002:a00:1::]/push',
      'https://metadata/computeMetadata',
      'https://db.internal/x',
      'https://nat64.example.com/x',
      'https://sixtofour.example.com/x',
      'https://unknown.example.com/x',
      'https://user:pw@push.example.com/x',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(await checkPushEndpoint(url, production, dns), url).not.toBeNull();
  });

  it('allows plain HTTP to loopback only outside production, and never private HTTPS', async () => {
    expect(await checkPushEndpoint('http://127.0.0.1:4000/push', production, dns)).not.toBeNull();
    expect(await checkPushEndpoint('http://127.0.0.1:4000/push', development, dns)).toBeNull();
    expect(await checkPushEndpoint('http://[::1]:4000/push', development, dns)).toBeNull();
    expect(await checkPushEndpoint('http://localhost:4000/push', development, dns)).toBeNull();
    expect(await checkPushEndpoint('http://10.0.0.1:4000/push', development, dns)).not.toBeNull();
    expect(await checkPushEndpoint('https://10.0.0.1/push', development, dns)).not.toBeNull();
  });
});
