import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { sign, verifySignature } from './signature.ts';
import { backoffMs, dispatcherDefaults } from './dispatcher.ts';

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'message.read' });

  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const mac = createHmac('sha256', 'whsec_x').update(`1700000000.${body}`).digest('hex');
    expect(sign('whsec_x', body, 1700000000)).toBe(`t=1700000000,v1=${mac}`);
  });

  it('verifies the right secret and body within the tolerance only', () => {
    const header = sign('whsec_x', body, 1700000000);
    expect(verifySignature('whsec_x', body, header, 1700000100)).toBe(true);
    expect(verifySignature('whsec_y', body, header, 1700000100)).toBe(false);
    expect(verifySignature('whsec_x', `${body} `, header, 1700000100)).toBe(false);
    expect(verifySignature('whsec_x', body, header, 1700000400)).toBe(false);
    expect(verifySignature('whsec_x', body, 'garbage', 1700000000)).toBe(false);
    expect(verifySignature('whsec_x', body, undefined, 1700000000)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const o = { ...dispatcherDefaults, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, o))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
