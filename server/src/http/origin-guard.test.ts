import { describe, expect, it } from 'vitest';
import { AllowedOrigins, carriesSessionCookie } from './origin-guard.ts';

describe('allowed origins', () => {
  const development = new AllowedOrigins('https://souk.example', false);
  const production = new AllowedOrigins(undefined, true);

  it('allows the own origin by scheme and Host, the public origin and the dev server', () => {
    expect(development.allows('http://127.0.0.1:3000', '127.0.0.1:3000', false)).toBe(true);
    expect(development.allows('https://shop.test', 'Shop.Test', true)).toBe(true);
    expect(development.allows('https://souk.example', '10.0.0.5:3000', false)).toBe(true);
    expect(development.allows('http://localhost:5173', 'localhost:3000', false)).toBe(true);
    expect(production.allows('http://localhost:5173', 'localhost:3000', false)).toBe(false);
  });

  it('refuses other ports, subdomains, schemes, null and no origin', () => {
    for (const origin of [
      'http://127.0.0.1:3001',
      'http://evil.127.0.0.1.nip.io:3000',
      'https://127.0.0.1:3000',
      'null',
      undefined,
    ])
      expect(development.allows(origin, '127.0.0.1:3000', false), String(origin)).toBe(false);
    expect(development.allows('http://souk.example', 'x', false)).toBe(false);
  });

  it('knows a session cookie among others', () => {
    expect(carriesSessionCookie('theme=dark; souk_session=abc')).toBe(true);
    expect(carriesSessionCookie('souk_business_session=abc')).toBe(true);
    expect(carriesSessionCookie('theme=dark; souk_sessionx=1')).toBe(false);
    expect(carriesSessionCookie(undefined)).toBe(false);
  });
});
