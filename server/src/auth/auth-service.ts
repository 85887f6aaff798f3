/**
 * Sign-in by phone number and a one-time code, and the sessions that follow.
 * Codes: 6 digits, stored hashed, valid 10 minutes, 5 attempts; requests are rate-limited per
 * number and per IP. Sessions: random tokens stored hashed; one identity per app and phone, so
 * the business app never shares an identity with the personal one.
 */
import { and, desc, eq, gt, isNull, count } from 'drizzle-orm';
import { randomId, SoukError, type App, type Me, type SessionInfo } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { identities, otpCodes, otpRequests, sessions } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { CodeSender } from './code-sender.ts';
import { newCode, newToken, sha256 } from './tokens.ts';

export const authLimits = {
  codeTtlMs: 10 * 60 * 1000,
  maxAttempts: 5,
  windowMs: 15 * 60 * 1000,
  perPhone: 5,
  perIp: 30,
  lastSeenEveryMs: 60 * 1000,
};

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
    private readonly sender: CodeSender,
    private readonly limits = authLimits,
  ) {}

  async requestCode(phone: string, app: App, ip: string): Promise<void> {
    const now = this.clock.now();
    const since = now - this.limits.windowMs;
    const [byPhone] = await this.db
      .select({ n: count() })
      .from(otpRequests)
      .where(and(eq(otpRequests.phone, phone), gt(otpRequests.createdAt, since)));
    const [byIp] = await this.db
      .select({ n: count() })
      .from(otpRequests)
      .where(and(eq(otpRequests.ip, ip), gt(otpRequests.createdAt, since)));
    if ((byPhone?.n ?? 0) >= this.limits.perPhone || (byIp?.n ?? 0) >= this.limits.perIp) {
      throw new SoukError('rate_limited', 'Too many codes requested. Try again in a few minutes.');
    }
    const code = newCode();
    await this.db.insert(otpRequests).values({ id: randomId(), phone, ip, createdAt: now });
    await this.db.insert(otpCodes).values({
      id: randomId(),
      phone,
      app,
      codeHash: sha256(`${phone}:${code}`),
      expiresAt: now + this.limits.codeTtlMs,
      createdAt: now,
    });
    await this.sender.send(phone, code, now);
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
      await this.db
        .update(otpCodes)
        .set({ attempts: latest.attempts + 1 })
        .where(eq(otpCodes.id, latest.id));
      const left = this.limits.maxAttempts - latest.attempts - 1;
      if (left <= 0)
        throw new SoukError('too_many_attempts', 'Too many wrong codes. Request a new code.');
      throw new SoukError(
        'invalid_code',
        `Wrong code. ${left} attempt${left === 1 ? '' : 's'} left.`,
      );
    }
    await this.db.update(otpCodes).set({ usedAt: now }).where(eq(otpCodes.id, latest.id));
    const identity = await this.findOrCreateIdentity(phone, kindOf(app));
    const token = newToken();
    const id = randomId();
    await this.db.insert(sessions).values({
      id,
      identityId: identity.id,
      tokenHash: sha256(token),
      app,
      device: device || 'Browser',
      createdAt: now,
      lastSeenAt: now,
    });
    return { token, session: { id, identity, app } };
  }

  private async findOrCreateIdentity(phone: string, kind: 'person' | 'business'): Promise<Me> {
    const prefix = kind === 'business' ? 'b_' : 'u_';
    await this.db
      .insert(identities)
      .values({ id: prefix + randomId(16), kind, phone, createdAt: this.clock.now() })
      .onConflictDoNothing();
    const [row] = await this.db
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
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      current: r.id === current.id,
    }));
  }

  /** Revokes one of the identity's own sessions; returns whether it existed. */
  async revoke(current: Session, sessionId: string): Promise<boolean> {
    const revoked = await this.db
      .update(sessions)
      .set({ revokedAt: this.clock.now() })
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
