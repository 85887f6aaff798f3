/**
 * Single-use tickets for the y-websocket door. A `WebsocketProvider` cannot send a cookie or a
 * header, so a session or an API key is exchanged over HTTPS for a random token that names one
 * document and lives `yjsTokenTtlMs`; it then travels in the socket's URL, where it may end up in
 * a proxy's log — hence single use, short life, and only its SHA-256 stored.
 *
 * Using a token deletes its row (`DELETE … RETURNING`), so of two processes racing for the same
 * token exactly one gets it. A token of a session that has been revoked since, or of a key
 * revoked since, is refused too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { yjsTokenTtlMs, type Actor, type YjsToken } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { apiKeys, sessions, yjsTokens } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

/** Who a token lets in, and the session (or `key:<id>`) its socket closes with. */
export interface YjsGrant {
  actor: Actor & { kind: 'person' | 'business' };
  sessionId: string;
}

/** What a token is exchanged for: a session's identity, or an API key's business. */
export type YjsHolder =
  | { kind: 'session'; sessionId: string; identity: { id: string; kind: 'person' | 'business' } }
  | { kind: 'key'; keyId: string; businessId: string };

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class YjsTokens {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async issue(holder: YjsHolder, doc: string): Promise<YjsToken> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = now + yjsTokenTtlMs;
    // Tokens nobody used: gone once expired (the index keeps this cheap).
    await this.db.delete(yjsTokens).where(lt(yjsTokens.expiresAt, now));
    await this.db.insert(yjsTokens).values({
      hash: hashOf(token),
      doc,
      expiresAt,
      ...(holder.kind === 'session'
        ? {
            identityId: holder.identity.id,
            identityKind: holder.identity.kind,
            sessionId: holder.sessionId,
          }
        : {
            identityId: holder.businessId,
            identityKind: 'business' as const,
            keyId: holder.keyId,
          }),
    });
    return { token, doc, expiresAt };
  }

  /** The grant of `token` for `doc`, once; null when unknown, used, expired or for another doc. */
  async consume(token: string, doc: string): Promise<YjsGrant | null> {
    if (!token || token.length > 100) return null;
    const [row] = await this.db
      .delete(yjsTokens)
      .where(eq(yjsTokens.hash, hashOf(token)))
      .returning();
    if (!row || row.doc !== doc || row.expiresAt <= this.clock.now()) return null;
    const live = row.sessionId
      ? await this.db
          .select({ id: sessions.id })
          .from(sessions)
          .where(and(eq(sessions.id, row.sessionId), isNull(sessions.revokedAt)))
      : await this.db
          .select({ id: apiKeys.id })
          .from(apiKeys)
          .where(and(eq(apiKeys.id, row.keyId ?? ''), isNull(apiKeys.revokedAt)));
    if (live.length === 0) return null;
    return {
      actor: { id: row.identityId, kind: row.identityKind },
      sessionId: row.sessionId ?? `key:${row.keyId}`,
    };
  }
}
