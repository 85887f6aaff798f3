import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/open.ts';
import { AuthService, authLimits } from './auth-service.ts';
import { createLogger } from '../logger.ts';
import type { CodeSender } from './code-sender.ts';
import { CodeDelivery } from './code-delivery.ts';
import { authRaceSuite, refusal } from './auth-races.ts';

/** A clock the test moves by hand. */
const clock = {
  t: 1_700_000_000_000,
  now() {
    return this.t;
  },
};
let database: Database;
const sent: Array<{ phone: string; code: string }> = [];
const sender: CodeSender = {
  name: 'test',
  paid: false,
  send: async ({ to, code }) => (sent.push({ phone: to, code }), { ok: true }),
};
const delivery = new CodeDelivery(sender, createLogger('silent'));
let auth: AuthService;
let n = 0;
const phone = () => `+3461234${String(1000 + n++).padStart(4, '0')}`;
const lastCode = () => sent.at(-1)!.code;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  auth = new AuthService(database.db, clock, delivery);
});
afterAll(() => database.close());
beforeEach(() => {
  clock.t += 60 * 60 * 1000;
});

describe('one-time codes', () => {
  it('signs in with the right code once, and creates one identity per phone and app', async () => {
    const p = phone();
    await auth.requestCode(p, 'personal', '10.0.0.1');
    const { token, session } = await auth.verifyCode(p, 'personal', lastCode(), 'test');
    expect(session.identity).toMatchObject({ kind: 'person', phone: p });
    expect((await auth.resolve(token, 'personal'))?.identity.id).toBe(session.identity.id);
    expect(await auth.resolve(token, 'business')).toBeNull();
    expect(await refusal(auth.verifyCode(p, 'personal', lastCode(), 'test'))).toBe('invalid_code');

    await auth.requestCode(p, 'business', '10.0.0.1');
    const business = await auth.verifyCode(p, 'business', lastCode(), 'test');
    expect(business.session.identity.kind).toBe('business');
    expect(business.session.identity.id).not.toBe(session.identity.id);
  });

  it('expires codes after 10 minutes', async () => {
    const p = phone();
    await auth.requestCode(p, 'personal', '10.0.0.2');
    clock.t += authLimits.codeTtlMs;
    expect(await refusal(auth.verifyCode(p, 'personal', lastCode(), 'test'))).toBe('code_expired');
  });

  it('allows 5 attempts, then the code is dead even if right', async () => {
    const p = phone();
    await auth.requestCode(p, 'personal', '10.0.0.3');
    const code = lastCode();
    for (let i = 0; i < 4; i++)
      expect(await refusal(auth.verifyCode(p, 'personal', wrong(code), 't'))).toBe('invalid_code');
    expect(await refusal(auth.verifyCode(p, 'personal', wrong(code), 't'))).toBe(
      'too_many_attempts',
    );
    expect(await refusal(auth.verifyCode(p, 'personal', code, 't'))).toBe('too_many_attempts');
  });

  it('rate-limits code requests per number and per IP', async () => {
    const p = phone();
    for (let i = 0; i < authLimits.perPhone; i++)
      await auth.requestCode(p, 'personal', `10.1.0.${i}`);
    expect(await refusal(auth.requestCode(p, 'personal', '10.1.1.1'))).toBe('rate_limited');
    clock.t += authLimits.windowMs;
    expect(await refusal(auth.requestCode(p, 'personal', '10.1.1.1'))).toBe('accepted');

    const ip = '10.2.0.1';
    for (let i = 0; i < authLimits.perIp; i++) await auth.requestCode(phone(), 'personal', ip);
    expect(await refusal(auth.requestCode(phone(), 'personal', ip))).toBe('rate_limited');
  });
});

describe('sessions', () => {
  it('stores tokens hashed, lists devices and revokes them', async () => {
    const p = phone();
    await auth.requestCode(p, 'personal', '10.3.0.1');
    const first = await auth.verifyCode(p, 'personal', lastCode(), 'phone');
    await auth.requestCode(p, 'personal', '10.3.0.1');
    const second = await auth.verifyCode(p, 'personal', lastCode(), 'laptop');
    const stored = await database.db.query.sessions.findMany();
    expect(stored.some((s) => s.tokenHash === first.token)).toBe(false);

    const devices = await auth.listSessions(first.session);
    expect(devices.map((d) => [d.device, d.current])).toEqual(
      expect.arrayContaining([
        ['phone', true],
        ['laptop', false],
      ]),
    );
    expect(await auth.revoke(first.session, second.session.id, 'signed_out_elsewhere')).toBe(true);
    expect(await auth.resolve(second.token, 'personal')).toBeNull();
    expect(await auth.resolve(first.token, 'personal')).not.toBeNull();
  });
});

authRaceSuite('PGlite', () => openDatabase({ dataDir: 'memory://' }));
