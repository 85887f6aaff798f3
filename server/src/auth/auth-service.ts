/**
 * Sign-in by phone number and a one-time code, and the sessions that follow.
 * Codes: 6 digits, stored hashed, valid 10 minutes, 5 attempts; requests are rate-limited per
 * number and per IP. Each limit holds under concurrency (several processes, parallel requests): a
 * wrong guess is counted and a right one claims the code in one conditional UPDATE, and requests
 * are counted under advisory locks per number and per IP.
 * Sessions: random tokens stored hashed; one identity per app and phone (none shared by the apps).
 */
import { and, count, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import {
  isReasonCode,
  randomId,
  refusalError,
  SoukError,
  type App,
  type Me,
  type ReasonCode,
  type SessionInfo,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { identities, otpCodes, otpRequests, sessions } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { SmsLocale } from './code-sender.ts';
import type { CodeDelivery } from './code-delivery.ts';
import { claimSmsSlot, smsCapDefaults, type SmsCaps } from './sms-caps.ts';
import { smsText } from './sms/sms-text.ts';
import { newCode, newToken, sha256 } from './tokens.ts';
import { deviceName } from './device-name.ts';

/** Why a session ended, told to its device when it next asks (a reason code). */
export type EndReason = 'signed_out' | 'signed_out_elsewhere';

export const authLimits = {
  codeTtlMs: 10 * 60 * 1000,
  maxAttempts: 5,
  windowMs: 15 * 60 * 1000,
  perPhone: 5,
  perIp: 30,
  lastSeenEveryMs: 60 * 1000,
};

/** The SMS side of sign-in: the pumping caps, and the host of the WebOTP line (SOUK_PUBLIC_URL). */
export interface SmsSettings {
  caps: SmsCaps;
  webOtpHost: string | undefined;
}

const capsReached = () => refusalError('rate_limited', { code: 'codes_paused' });

export interface Session {
  id: string;
  identity: Me;
  app: App;
}

const kindOf = (app: App) => (app === 'business' ? 'business' : 'person');

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly delivery: CodeDelivery,
    private readonly limits = authLimits,
    private readonly sms: SmsSettings = { caps: smsCapDefaults, webOtpHost: undefined },
  ) {}

  /**
   * Counts the recent requests and records this one under a lock per number and per IP (taken in
   * that order, so two requests never wait on each other in a cycle): concurrent requests cannot
   * all pass the count before any is recorded. A paid sender's SMS also claims a slot of the
   * server-wide caps. The code is sent once the request is committed; a code the sender did not
   * accept in time is withdrawn and the request not counted (`unavailable`, `code_not_sent`).
   */
  async requestCode(phone: string, app: App, ip: string, locale: SmsLocale = 'en'): Promise<void> {
    const now = this.clock.now();
    const since = now - this.limits.windowMs;
    const code = newCode();
    const requestId = randomId();
    const codeId = randomId();
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`otp-phone:${phone}`}))`);
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`otp-ip:${ip}`}))`);
      const [byPhone] = await tx
        .select({ n: count() })
        .from(otpRequests)
        .where(and(eq(otpRequests.phone, phone), gt(otpRequests.createdAt, since)));
      const [byIp] = await tx
        .select({ n: count() })
        .from(otpRequests)
        .where(and(eq(otpRequests.ip, ip), gt(otpRequests.createdAt, since)));
      if ((byPhone?.n ?? 0) >= this.limits.perPhone || (byIp?.n ?? 0) >= this.limits.perIp) {
        throw new SoukError(
          'rate_limited',
          'Too many codes requested. Try again in a few minutes.',
        );
      }
      if (this.delivery.paid && !(await claimSmsSlot(tx, phone, now, this.sms.caps))) {
        this.delivery.report('capped');
        throw capsReached();
      }
      await tx.insert(otpRequests).values({ id: requestId, phone, ip, createdAt: now });
      await tx.insert(otpCodes).values({
        id: codeId,
        phone,
        app,
        codeHash: sha256(`${phone}:${code}`),
        expiresAt: now + this.limits.codeTtlMs,
        createdAt: now,
      });
    });
    const text = smsText(code, locale, this.sms.webOtpHost);
    if (await this.delivery.deliver({ to: phone, code, text, locale, at: now })) return;
    await this.db.transaction(async (tx) => {
      await tx.delete(otpRequests).where(eq(otpRequests.id, requestId));
      await tx.delete(otpCodes).where(eq(otpCodes.id, codeId));
    });
    throw refusalError('unavailable', { code: 'code_not_sent' });
  }

  /** Checks the newest code for this number and app; on success opens a session. */
  async verifyCode(
    phone: string,
    app: App,
    code: string,
    device: string,
  ): Promise<{ token: string; session: Session }> {
    const now = this.clock.now();
    const [latest] = await this.db
      .select()
      .from(otpCodes)
      .where(and(eq(otpCodes.phone, phone), eq(otpCodes.app, app), isNull(otpCodes.usedAt)))
      .orderBy(desc(otpCodes.createdAt))
      .limit(1);
    if (!latest) throw new SoukError('invalid_code', 'Request a code first.');
    if (latest.attempts >= this.limits.maxAttempts) {
      throw new SoukError('too_many_attempts', 'Too many wrong codes. Request a new code.');
    }
    if (latest.expiresAt <= now)
      throw new SoukError('code_expired', 'This code has expired. Request a new one.');
    if (latest.codeHash !== sha256(`${phone}:${code}`)) {
      // Counted in one statement, so parallel guesses cannot all read the same count.
      const [counted] = await this.db
        .update(otpCodes)
        .set({ attempts: sql`${otpCodes.attempts} + 1` })
        .where(
          and(
            eq(otpCodes.id, latest.id),
            lt(otpCodes.attempts, this.limits.maxAttempts),
            isNull(otpCodes.usedAt),
          ),
        )
        .returning({ attempts: otpCodes.attempts });
      const left = counted ? this.limits.maxAttempts - counted.attempts : 0;
      if (left <= 0)
        throw new SoukError('too_many_attempts', 'Too many wrong codes. Request a new code.');
      throw new SoukError(
        'invalid_code',
        `Wrong code. ${left} attempt${left === 1 ? '' : 's'} left.`,
      );
    }
    // The code is claimed in one statement: of concurrent verifies only one opens a session, and
    // none once the attempts ran out. The session is written in the same transaction.
    return this.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(otpCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(otpCodes.id, latest.id),
            isNull(otpCodes.usedAt),
            lt(otpCodes.attempts, this.limits.maxAttempts),
          ),
        )
        .returning({ id: otpCodes.id });
      if (!claimed) {
        const [row] = await tx
          .select({ attempts: otpCodes.attempts })
          .from(otpCodes)
          .where(eq(otpCodes.id, latest.id));
        if ((row?.attempts ?? 0) >= this.limits.maxAttempts)
          throw new SoukError('too_many_attempts', 'Too many wrong codes. Request a new code.');
        throw new SoukError('invalid_code', 'This code was used already. Request a new one.');
      }
      const identity = await this.findOrCreateIdentity(tx, phone, kindOf(app));
      const token = newToken();
      const id = randomId();
      await tx.insert(sessions).values({
        id,
        identityId: identity.id,
        tokenHash: sha256(token),
        app,
        device: device || 'Browser',
        createdAt: now,
        lastSeenAt: now,
      });
      return { token, session: { id, identity, app } };
    });
  }

  private async findOrCreateIdentity(
    db: Db,
    phone: string,
    kind: 'person' | 'business',
  ): Promise<Me> {
    const prefix = kind === 'business' ? 'b_' : 'u_';
    await db
      .insert(identities)
      .values({ id: prefix + randomId(16), kind, phone, createdAt: this.clock.now() })
      .onConflictDoNothing();
    const [row] = await db
      .select()
      .from(identities)
      .where(and(eq(identities.kind, kind), eq(identities.phone, phone)));
    return { id: row!.id, kind: row!.kind, phone: row!.phone };
  }

  async findPerson(phone: string): Promise<Me | null> {
    const [row] = await this.db
      .select()
      .from(identities)
      .where(and(eq(identities.kind, 'person'), eq(identities.phone, phone)));
    return row ? { id: row.id, kind: row.kind, phone: row.phone } : null;
  }

  /** The live session of a token for this app, or null. */
  async resolve(token: string | undefined, app: App): Promise<Session | null> {
    if (!token) return null;
    const [row] = await this.db
      .select({ session: sessions, identity: identities })
      .from(sessions)
      .innerJoin(identities, eq(identities.id, sessions.identityId))
      .where(
        and(
          eq(sessions.tokenHash, sha256(token)),
          eq(sessions.app, app),
          isNull(sessions.revokedAt),
        ),
      );
    if (!row) return null;
    const now = this.clock.now();
    if (now - row.session.lastSeenAt > this.limits.lastSeenEveryMs) {
      await this.db
        .update(sessions)
        .set({ lastSeenAt: now })
        .where(eq(sessions.id, row.session.id));
    }
    return {
      id: row.session.id,
      app,
      identity: { id: row.identity.id, kind: row.identity.kind, phone: row.identity.phone },
    };
  }

  async listSessions(current: Session): Promise<SessionInfo[]> {
    const rows = await this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.identityId, current.identity.id),
          eq(sessions.app, current.app),
          isNull(sessions.revokedAt),
        ),
      )
      .orderBy(desc(sessions.lastSeenAt));
    return rows.map((r) => ({
      id: r.id,
      device: r.device,
      ...deviceName(r.device),
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      current: r.id === current.id,
    }));
  }

  /** Why the session of this token ended (it was revoked), or null (no such session, or live). */
  async whyEnded(token: string, app: App): Promise<ReasonCode | null> {
    const [row] = await this.db
      .select({ reason: sessions.revokedReason })
      .from(sessions)
      .where(and(eq(sessions.tokenHash, sha256(token)), eq(sessions.app, app)));
    return isReasonCode(row?.reason) ? row.reason : null;
  }

  /** Revokes one of the identity's own sessions, saying why (told to it); whether it existed. */
  async revoke(current: Session, sessionId: string, reason: EndReason): Promise<boolean> {
    const revoked = await this.db
      .update(sessions)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where(
        and(
          eq(sessions.id, sessionId),
          eq(sessions.identityId, current.identity.id),
          isNull(sessions.revokedAt),
        ),
      )
      .returning({ id: sessions.id });
    return revoked.length > 0;
  }
}
