/**
 * Businesses' handles (their links `/c/<handle>`). A handle is refused when it is malformed, one
 * of the platform's words or passes for the platform's name (`handle_reserved`), passes for a
 * verified business's name (`handle_reserved` too: the link would read as that business), or reads
 * the same as another business's handle, current or old and still redirecting (`handle_taken`).
 * Claims run under the name registry's advisory lock, so two processes cannot hand out look-alike
 * handles at once. An old handle redirects to its business's current one for `handleRedirectMs`,
 * and stays that business's to take back; after that it is free.
 */
import { and, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import {
  refusalError,
  handleRedirectMs,
  isHandle,
  randomId,
  suggestHandle,
  type HandleReason,
} from '@souk/sync';
import { handleAsNameKeys, handleKey, handleReserved } from '@souk/sync/names';
import type { Db } from '../db/open.ts';
import { businesses, businessHandles, businessNameKeys } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Suffixes tried on a handle made from a name before falling back to a random one. */
const suffixTries = 6;

export interface ResolvedHandle {
  businessId: string;
  /** The business's current handle (the one asked for, unless it was renamed). */
  current: string;
}

export class HandleRegistry {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Why `handle` cannot be `self`'s (null: it can). */
  async refusal(tx: Tx | Db, handle: string, self: string | null): Promise<HandleReason | null> {
    if (!isHandle(handle)) return 'handle_invalid';
    if (handleReserved(handle)) return 'handle_reserved';
    const nameKeys = handleAsNameKeys(handle);
    if (nameKeys.length > 0) {
      const [verified] = await tx
        .select({ id: businesses.id })
        .from(businessNameKeys)
        .innerJoin(businesses, eq(businesses.id, businessNameKeys.businessId))
        .where(
          and(
            eq(businesses.verified, true),
            eq(businessNameKeys.kind, 'protected'),
            inArray(businessNameKeys.key, nameKeys),
            self === null ? undefined : ne(businesses.id, self),
          ),
        )
        .limit(1);
      if (verified) return 'handle_reserved';
    }
    const [taken] = await tx
      .select({ handle: businessHandles.handle })
      .from(businessHandles)
      .where(
        and(
          or(eq(businessHandles.key, handleKey(handle)), eq(businessHandles.handle, handle)),
          this.live(),
          self === null ? undefined : ne(businessHandles.businessId, self),
        ),
      )
      .limit(1);
    return taken ? 'handle_taken' : null;
  }

  /** Current handles and old ones still redirecting. */
  private live() {
    const since = this.clock.now() - handleRedirectMs;
    return or(isNull(businessHandles.retiredAt), gt(businessHandles.retiredAt, since));
  }

  async claim(tx: Tx | Db, handle: string, self: string | null): Promise<void> {
    const code = await this.refusal(tx, handle, self);
    if (code) throw refusalError(code === 'handle_invalid' ? 'bad_request' : 'conflict', { code });
  }

  /** Makes `handle` the business's current one (checked by the caller); the old one redirects. */
  async assign(tx: Tx, businessId: string, handle: string): Promise<void> {
    const now = this.clock.now();
    await tx
      .update(businessHandles)
      .set({ retiredAt: now })
      .where(and(eq(businessHandles.businessId, businessId), isNull(businessHandles.retiredAt)));
    // Its own old handle taken back, or an expired one of another business: the row is reused.
    await tx.delete(businessHandles).where(eq(businessHandles.handle, handle));
    await tx
      .insert(businessHandles)
      .values({ handle, businessId, key: handleKey(handle), createdAt: now });
  }

  /** The handle a registering business asked for (checked), or one made from its name. */
  async pick(tx: Tx, businessId: string, name: string, wanted?: string): Promise<string> {
    if (wanted === undefined) return this.generate(tx, businessId, name);
    await this.claim(tx, wanted, businessId);
    return wanted;
  }

  /** A free handle made from the business's name (with a suffix when needed). */
  async generate(tx: Tx, businessId: string, name: string): Promise<string> {
    const base = suggestHandle(name);
    if ((await this.refusal(tx, base, businessId)) === null) return base;
    for (let i = 0; i < suffixTries; i++) {
      const candidate = `${base.slice(0, 24)}-${randomId(4)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}`;
      if ((await this.refusal(tx, candidate, businessId)) === null) return candidate;
    }
    return `shop-${randomId(12)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`;
  }

  /** The business's current handle. */
  async current(businessId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ handle: businessHandles.handle })
      .from(businessHandles)
      .where(and(eq(businessHandles.businessId, businessId), isNull(businessHandles.retiredAt)));
    return row?.handle ?? null;
  }

  /** Old handles of the business still redirecting, with when they stop. */
  async previous(businessId: string): Promise<Array<{ handle: string; until: number }>> {
    const since = this.clock.now() - handleRedirectMs;
    const rows = await this.db
      .select({ handle: businessHandles.handle, retiredAt: businessHandles.retiredAt })
      .from(businessHandles)
      .where(and(eq(businessHandles.businessId, businessId), gt(businessHandles.retiredAt, since)));
    return rows.map((r) => ({ handle: r.handle, until: r.retiredAt! + handleRedirectMs }));
  }

  /** The business a link's handle leads to, or null (unknown, or old and expired). */
  async resolve(handle: string): Promise<ResolvedHandle | null> {
    if (!isHandle(handle)) return null;
    const [row] = await this.db
      .select({ businessId: businessHandles.businessId })
      .from(businessHandles)
      .where(and(eq(businessHandles.handle, handle), this.live()));
    if (!row) return null;
    const current = await this.current(row.businessId);
    return current ? { businessId: row.businessId, current } : null;
  }

  /** Keys the handles the migration generated (it has no confusables table); returns how many. */
  async sweep(): Promise<number> {
    const rows = await this.db
      .select({ handle: businessHandles.handle })
      .from(businessHandles)
      .where(isNull(businessHandles.key));
    for (const { handle } of rows)
      await this.db
        .update(businessHandles)
        .set({ key: handleKey(handle) })
        .where(eq(businessHandles.handle, handle));
    return rows.length;
  }

  /** Generates a handle for each business without one (registered before handles, say). */
  async fillMissing(): Promise<number> {
    const missing = await this.db
      .select({ id: businesses.id, name: businesses.name })
      .from(businesses)
      .where(
        sql`NOT EXISTS (SELECT 1 FROM ${businessHandles} h WHERE h.business_id = ${businesses.id} AND h.retired_at IS NULL)`,
      );
    for (const business of missing)
      await this.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('business-names'))`);
        await this.assign(tx, business.id, await this.generate(tx, business.id, business.name));
      });
    return missing.length;
  }
}
