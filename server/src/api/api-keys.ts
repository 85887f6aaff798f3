/**
 * Business API keys: `souk_<id>_<secret>`, made here and shown once. Only the SHA-256 of the
 * whole key is stored (the secret is 32 random bytes, so a fast hash is enough), compared in
 * constant time. Each key has scopes and a per-minute request budget counted in the database,
 * so the limit holds across processes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import {
  apiScopeSchema,
  randomId,
  SoukError,
  type ApiKeyInfo,
  type ApiScope,
  type CreateApiKey,
  type CreatedApiKey,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { apiKeys, apiKeyUsage } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

export interface ApiCaller {
  keyId: string;
  businessId: string;
  scopes: ApiScope[];
}

export interface ApiKeyOptions {
  /** Requests per key per minute (default 120). */
  perMinute: number;
}

const keyPattern = /^souk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');
const prefixOf = (id: string) => `souk_${id}_…`;

export class ApiKeys {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: ApiKeyOptions = { perMinute: 120 },
  ) {}

  async create(businessId: string, input: CreateApiKey): Promise<CreatedApiKey> {
    const id = randomId(12).replace(/[^A-Za-z0-9]/g, 'x');
    const key = `souk_${id}_${randomBytes(32).toString('base64url')}`;
    const scopes = [...new Set(input.scopes)];
    const createdAt = this.clock.now();
    await this.db
      .insert(apiKeys)
      .values({ id, businessId, name: input.name, hash: hashOf(key), scopes, createdAt });
    return {
      id,
      name: input.name,
      prefix: prefixOf(id),
      scopes,
      createdAt,
      lastUsedAt: null,
      revokedAt: null,
      key,
    };
  }

  async list(businessId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.businessId, businessId))
      .orderBy(desc(apiKeys.createdAt));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      prefix: prefixOf(row.id),
      scopes: row.scopes.filter((s) => apiScopeSchema.safeParse(s).success) as ApiScope[],
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
    }));
  }

  async revoke(businessId: string, id: string): Promise<void> {
    const done = await this.db
      .update(apiKeys)
      .set({ revokedAt: this.clock.now() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.businessId, businessId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (done.length === 0) throw new SoukError('not_found', 'No such active key.');
  }

  /**
   * The caller of a request bearing `key` with `scope`: 401 for a missing, unknown or revoked
   * key, 403 for a key without the scope, 429 beyond the per-minute budget.
   */
  async authenticate(header: string | undefined, scope: ApiScope): Promise<ApiCaller> {
    const key = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    const match = key ? keyPattern.exec(key) : null;
    if (!key || !match)
      throw new SoukError('unauthenticated', 'Send your API key as Authorization: Bearer <key>.');
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, match[1]!));
    const given = Buffer.from(hashOf(key), 'hex');
    if (!row || row.revokedAt !== null || !timingSafeEqual(given, Buffer.from(row.hash, 'hex')))
      throw new SoukError('unauthenticated', 'This API key is unknown or revoked.');
    if (!row.scopes.includes(scope))
      throw new SoukError('forbidden', `This API key lacks the ${scope} scope.`, {
        reason: 'scope',
        scope,
      });
    const now = this.clock.now();
    const minute = Math.floor(now / 60_000);
    const [usage] = await this.db
      .insert(apiKeyUsage)
      .values({ keyId: row.id, minute, count: 1 })
      .onConflictDoUpdate({
        target: [apiKeyUsage.keyId, apiKeyUsage.minute],
        set: { count: sql`${apiKeyUsage.count} + 1` },
      })
      .returning({ count: apiKeyUsage.count });
    if (usage?.count === 1) {
      // A new minute for this key: forget its counts older than an hour.
      await this.db
        .delete(apiKeyUsage)
        .where(and(eq(apiKeyUsage.keyId, row.id), lt(apiKeyUsage.minute, minute - 60)));
    }
    if ((usage?.count ?? 0) > this.options.perMinute)
      throw new SoukError('rate_limited', 'Too many requests with this key; wait a minute.', {
        retryAfterSeconds: 60 - Math.floor((now % 60_000) / 1000),
      });
    await this.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
    return { keyId: row.id, businessId: row.businessId, scopes: row.scopes as ApiScope[] };
  }
}
