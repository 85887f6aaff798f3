import { describe, expect, it } from 'vitest';
import { requestFingerprint } from './request-fingerprint.ts';

describe('requestFingerprint', () => {
  it('ignores the order of keys at every depth, and keys left undefined', () => {
    const a = { template: 'offer', params: { name: 'Ana', day: 'Monday' }, label: undefined };
    const b = { params: { day: 'Monday', name: 'Ana' }, template: 'offer' };
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
  });

  it('tells apart different values, types and nesting', () => {
    const base = requestFingerprint({ template: 'offer', params: { name: 'Ana' } });
    for (const other of [
      { template: 'offer', params: { name: 'Luis' } },
      { template: 'offer', params: { name: 'Ana' }, version: 2 },
      { template: 'offer', params: {} },
      { template: 'offer', params: ['Ana'] },
      { template: 'offer', params: { name: 'Ana', extra: '' } },
      { template: 'offer', params: '{"name":"Ana"}' },
    ])
      expect(requestFingerprint(other), JSON.stringify(other)).not.toBe(base);
  });
});
