import { describe, expect, it } from 'vitest';
import { pushEndpointAllowed } from './endpoint.ts';

const production = { allowLoopbackHttp: false };
const development = { allowLoopbackHttp: true };

describe('pushEndpointAllowed', () => {
  it('accepts the push services browsers use', () => {
    for (const url of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://web.push.apple.com/QGz',
    ])
      expect(pushEndpointAllowed(url, production)).toBe(true);
  });

  it('refuses anything that reaches inside the network', () => {
    for (const url of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://localhost/push',
      'https://127.0.0.1/push',
      'https://10.1.2.3/push',
      'https://172.20.0.1/push',
      'https://192.168.1.1/push',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/push',
      'https://[fd00::1]/push',
      'https://[::ffff:10.0.0.1]/push',
      'https://metadata/computeMetadata',
      'https://db.internal/x',
      'https://user:pw@push.example.com/x',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(pushEndpointAllowed(url, production), url).toBe(false);
  });

  it('allows plain HTTP to loopback only outside production', () => {
    expect(pushEndpointAllowed('http://127.0.0.1:4000/push', production)).toBe(false);
    expect(pushEndpointAllowed('http://127.0.0.1:4000/push', development)).toBe(true);
    expect(pushEndpointAllowed('http://[::1]:4000/push', development)).toBe(true);
    expect(pushEndpointAllowed('http://10.0.0.1:4000/push', development)).toBe(false);
  });
});
