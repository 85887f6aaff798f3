/**
 * The sign-in limits under concurrency, one suite for both databases (auth-service.test.ts on
 * PGlite, auth-service.pg.test.ts on PostgreSQL, where statements from a pool of connections
 * really do run at once): parallel wrong guesses share the 5 attempts, one code opens one
 * session however many verify it at once, and parallel requests never pass the rate limits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SoukError } from '@souk/sync';
import type { Database } from '../db/open.ts';
import { otpCodes, sessions } from '../db/schema.ts';
import { AuthService, authLimits } from './auth-service.ts';
import { createLogger } from '../logger.ts';
import type { CodeSender } from './code-sender.ts';
import { CodeDelivery } from './code-delivery.ts';

/** The error kind a call ended with, or `accepted`. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SoukError) return error.kind;
    throw error;
  }
  return 'accepted';
}

const tally = (kinds: string[]) =>
  Object.fromEntries(
    [...new Set(kinds)].sort().map((k) => [k, kinds.filter((x) => x === k).length]),
  );

export function authRaceSuite(name: string, open: () => Promise<Database>) {
  describe(`sign-in limits under concurrency, on ${name}`, () => {
    const clock = {
      t: 1_700_000_000_000,
      now() {
        return this.t;
      },
    };
    const sent: Array<{ phone: string; code: string }> = [];
    const sender: CodeSender = {
      name: 'test',
      paid: false,
      send: async ({ to, code }) => (sent.push({ phone: to, code }), { ok: true }),
    };
    const delivery = new CodeDelivery(sender, createLogger('silent'));
    let database: Database;
    let auth: AuthService;
    let n = 0;
    const phone = () => `+3462234${String(1000 + n++).padStart(4, '0')}`;
    const codeOf = (p: string) => sent.findLast((s) => s.phone === p)!.code;
    const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    beforeAll(async () => {
      database = await open();
      auth = new AuthService(database.db, clock, delivery);
    });
    afterAll(() => database.close());
    beforeEach(() => {
      clock.t += 60 * 60 * 1000;
    });

    it('counts 20 parallel wrong guesses against the 5 attempts; the right code is then refused', async () => {
      const p = phone();
      await auth.requestCode(p, 'personal', '10.9.0.1');
      const code = codeOf(p);
      const guesses = await Promise.all(
        Array.from({ length: 20 }, () => refusal(auth.verifyCode(p, 'personal', wrong(code), 't'))),
      );
      expect(tally(guesses)).toEqual({
        invalid_code: authLimits.maxAttempts - 1,
        too_many_attempts: 20 - authLimits.maxAttempts + 1,
      });
      const [row] = await database.db.select().from(otpCodes).where(eq(otpCodes.phone, p));
      expect(row?.attempts).toBe(authLimits.maxAttempts);
      expect(await refusal(auth.verifyCode(p, 'personal', code, 't'))).toBe('too_many_attempts');
    });

    it('opens exactly one session when the right code is verified twice at once', async () => {
      const p = phone();
      await auth.requestCode(p, 'personal', '10.9.0.2');
      const code = codeOf(p);
      const verifies = [0, 1].map(() => auth.verifyCode(p, 'personal', code, 't'));
      const outcomes = await Promise.all(verifies.map(refusal));
      expect(outcomes.sort()).toEqual(['accepted', 'invalid_code']);
      const opened = await Promise.any(verifies);
      const rows = await database.db
        .select()
        .from(sessions)
        .where(eq(sessions.identityId, opened.session.identity.id));
      expect(rows).toHaveLength(1);
    });

    it('lets exactly the limit of parallel requests through, per number and per IP', async () => {
      const p = phone();
      const byPhone = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          refusal(auth.requestCode(p, 'personal', `10.8.0.${i}`)),
        ),
      );
      expect(tally(byPhone)).toEqual({
        accepted: authLimits.perPhone,
        rate_limited: 12 - authLimits.perPhone,
      });

      const strict = new AuthService(database.db, clock, delivery, { ...authLimits, perIp: 3 });
      const byIp = await Promise.all(
        Array.from({ length: 10 }, () =>
          refusal(strict.requestCode(phone(), 'personal', '10.8.1.1')),
        ),
      );
      expect(tally(byIp)).toEqual({ accepted: 3, rate_limited: 7 });
    });
  });
}
