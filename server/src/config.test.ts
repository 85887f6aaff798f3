import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for everything and is frozen', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('./data/pglite'),
      databaseUrl: undefined,
      devOutbox: true,
      logLevel: 'info',
    });
    expect(config.webDir.endsWith('/web/build')).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment', () => {
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: '/tmp/souk',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 0,
      dataDir: '/tmp/souk/pglite',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      devOutbox: false,
      logLevel: 'warn',
    });
  });

  it('allows plain-HTTP loopback push endpoints only outside production', () => {
    expect(loadConfig({}).push).toEqual({
      contact: 'mailto:push@souk.invalid',
      allowLoopbackHttp: true,
    });
    expect(loadConfig({ NODE_ENV: 'production' }).push.allowLoopbackHttp).toBe(false);
    expect(loadConfig({ SOUK_PUSH_CONTACT: 'https://souk.example/contact' }).push.contact).toBe(
      'https://souk.example/contact',
    );
    expect(() => loadConfig({ SOUK_PUSH_CONTACT: 'ops@souk.example' })).toThrow(/SOUK_PUSH/);
  });

  it('lets SOUK_DEV_OUTBOX override the environment default', () => {
    expect(loadConfig({ NODE_ENV: 'production', SOUK_DEV_OUTBOX: '1' }).devOutbox).toBe(true);
    expect(loadConfig({ SOUK_DEV_OUTBOX: 'false' }).devOutbox).toBe(false);
  });

  it('refuses invalid values with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('reads the trusted proxies as addresses or CIDR blocks, and the public origin', () => {
    const config = loadConfig({
      SOUK_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1 ,::1/128',
      SOUK_PUBLIC_URL: 'https://souk.example/app/',
    });
    expect(config.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1/128']);
    expect(config.publicOrigin).toBe('https://souk.example');
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({}).publicOrigin).toBeUndefined();
    for (const bad of ['10.0.0.0/33', 'proxy.local', '10.0.0.0/8/1', '::1/129'])
      expect(() => loadConfig({ SOUK_TRUST_PROXY: bad }), bad).toThrow(/SOUK_TRUST_PROXY/);
    expect(() => loadConfig({ SOUK_PUBLIC_URL: 'ftp://souk.example' })).toThrow(/SOUK_PUBLIC_URL/);
  });

  it('reads the operator token and scheduled exports, refusing what cannot work', () => {
    expect(loadConfig({})).toMatchObject({ operatorToken: undefined, exports: null });
    const token = 'o'.repeat(32);
    expect(loadConfig({ SOUK_OPERATOR_TOKEN: token }).operatorToken).toBe(token);
    expect(() => loadConfig({ SOUK_OPERATOR_TOKEN: 'short' })).toThrow(
      /SOUK_OPERATOR_TOKEN: at least 32 characters/,
    );
    expect(loadConfig({ SOUK_EXPORT_DIR: '/var/souk' }).exports).toEqual({
      dir: '/var/souk',
      everyMs: 86_400_000,
      keep: 7,
    });
    expect(
      loadConfig({ SOUK_EXPORT_DIR: 'exports', SOUK_EXPORT_EVERY: '6h', SOUK_EXPORT_KEEP: '3' })
        .exports,
    ).toEqual({ dir: resolve('exports'), everyMs: 6 * 3_600_000, keep: 3 });
    expect(loadConfig({ SOUK_EXPORT_DIR: '/x', SOUK_EXPORT_EVERY: '90s' }).exports?.everyMs).toBe(
      90_000,
    );
    for (const every of ['6', '0h', 'daily', '-1d'])
      expect(() => loadConfig({ SOUK_EXPORT_DIR: '/x', SOUK_EXPORT_EVERY: every })).toThrow(
        /SOUK_EXPORT_EVERY: a duration such as 30m, 6h or 1d/,
      );
    for (const keep of ['0', 'all', '1.5'])
      expect(() => loadConfig({ SOUK_EXPORT_DIR: '/x', SOUK_EXPORT_KEEP: keep })).toThrow(
        /SOUK_EXPORT_KEEP/,
      );
    expect(() => loadConfig({ SOUK_EXPORT_EVERY: '1h' })).toThrow(
      /SOUK_EXPORT_EVERY needs SOUK_EXPORT_DIR/,
    );
    expect(() => loadConfig({ SOUK_EXPORT_KEEP: '2' })).toThrow(
      /SOUK_EXPORT_KEEP needs SOUK_EXPORT_DIR/,
    );
  });
});
