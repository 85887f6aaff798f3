import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { newCode, newToken, sha256 } from './tokens.ts';

describe('tokens and codes', () => {
  it('makes 32-byte random session tokens, stored only as their SHA-256', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(token);
    expect(sha256(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(sha256(token)).not.toContain(token);
  });

  it('makes 6-digit codes, zero-padded', () => {
    for (let i = 0; i < 200; i++) expect(newCode()).toMatch(/^\d{6}$/);
  });
});
