/**
 * Business names that would pass for another: the platform's, a verified business's, or another
 * business's. Each business's name keys (`nameKeys` in sync) are stored in `business_name_keys`
 * so a new name is compared with every business through an index. Claims of a name (registration,
 * an approved rename) take one transaction-scoped advisory lock, so two processes cannot hand out
 * look-alike names at the same moment.
 *
 * Names that collided before this rule existed are kept: at start the server keys every business
 * whose keys are missing or were made by an older `nameKeysVersion`, and files a report in the
 * console's review queue for each collision (the later or unverified business of the pair),
 * once per pair and reason. When a business becomes verified, look-alikes of it are filed too.
 */
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { refusalError, messageOf, randomId, type NameCollisionCode } from '@souk/sync';
import { impersonatesPlatform, nameKeys, nameKeysVersion } from '@souk/sync/names';
import type { Db } from '../db/open.ts';
import { businesses, businessNameKeys, reports } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Businesses keyed (or checked) per transaction when the server starts. */
const sweepBatch = 200;

/** What the platform's own reports are filed by. */
export const platformReporter = 'platform';

export interface Collision {
  code: NameCollisionCode;
  /** The other business (none for the platform's name). */
  other: { id: string; name: string } | null;
}

export class NameRegistry {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Serialises name claims across processes until the transaction ends. */
  async lock(tx: Tx): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('business-names'))`);
  }

  /**
   * The first rule `name` breaks, ignoring the business `self` (renaming itself), or null.
   * `taken: false` (people's display names) checks only the platform's and verified businesses' names.
   */
  async collision(
    tx: Tx | Db,
    name: string,
    self: string | null,
    { taken: checkTaken = true } = {},
  ): Promise<Collision | null> {
    if (impersonatesPlatform(name)) return { code: 'name_impersonates_platform', other: null };
    const keys = nameKeys(name);
    const matching = (kind: 'strict' | 'protected', list: string[]) =>
      list.length > 0
        ? and(eq(businessNameKeys.kind, kind), inArray(businessNameKeys.key, list))
        : sql`false`;
    const others = (where: ReturnType<typeof and>) =>
      tx
        .select({ id: businesses.id, name: businesses.name })
        .from(businessNameKeys)
        .innerJoin(businesses, eq(businesses.id, businessNameKeys.businessId))
        .where(and(where, self === null ? undefined : ne(businesses.id, self)))
        .orderBy(businesses.createdAt)
        .limit(1);
    const [verified] = await others(
      and(
        eq(businesses.verified, true),
        or(matching('strict', keys.strict), matching('protected', keys.protected)),
      ),
    );
    if (verified) return { code: 'name_impersonates_verified', other: verified };
    if (!checkTaken) return null;
    const [taken] = await others(matching('strict', keys.strict));
    return taken ? { code: 'name_taken', other: taken } : null;
  }

  /** Refuses a name that collides, with its reason code. */
  async claim(tx: Tx | Db, name: string, self: string | null): Promise<void> {
    const found = await this.collision(tx, name, self);
    // `details.code` too: what name refusals said before the contract's `reason`.
    if (found) throw refusalError('conflict', { code: found.code, details: { code: found.code } });
  }

  /** Replaces the business's stored keys with those of `name`. */
  async store(tx: Tx, businessId: string, name: string): Promise<void> {
    const keys = nameKeys(name);
    await tx.delete(businessNameKeys).where(eq(businessNameKeys.businessId, businessId));
    const rows = [
      ...keys.strict.map((key) => ({ businessId, kind: 'strict' as const, key })),
      ...keys.protected.map((key) => ({ businessId, kind: 'protected' as const, key })),
    ];
    if (rows.length > 0) await tx.insert(businessNameKeys).values(rows).onConflictDoNothing();
    await tx.update(businesses).set({ nameKeysVersion }).where(eq(businesses.id, businessId));
  }

  /** Keys every business that has none (or old ones) and files each collision for review. */
  async sweep(): Promise<number> {
    const stale = await this.db
      .select({ id: businesses.id, name: businesses.name })
      .from(businesses)
      .where(
        or(isNull(businesses.nameKeysVersion), ne(businesses.nameKeysVersion, nameKeysVersion)),
      );
    // In batches: a first start after an upgrade may key every business on the platform.
    let filed = 0;
    for (let at = 0; at < stale.length; at += sweepBatch) {
      const batch = stale.slice(at, at + sweepBatch);
      await this.db.transaction(async (tx) => {
        await this.lock(tx);
        for (const business of batch) await this.store(tx, business.id, business.name);
      });
    }
    for (let at = 0; at < stale.length; at += sweepBatch) {
      const batch = stale.slice(at, at + sweepBatch);
      filed += await this.db.transaction(async (tx) => {
        await this.lock(tx);
        let count = 0;
        for (const business of batch) count += await this.flagIn(tx, business.id);
        return count;
      });
    }
    return filed;
  }

  /** Files a report for each collision of `businessId`'s name with another's; returns how many. */
  async flag(businessId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      await this.lock(tx);
      return this.flagIn(tx, businessId);
    });
  }

  private async flagIn(tx: Tx, businessId: string): Promise<number> {
    const [me] = await tx.select().from(businesses).where(eq(businesses.id, businessId));
    if (!me) return 0;
    const found: Array<{ flagged: string; code: NameCollisionCode; related: string | null }> = [];
    if (impersonatesPlatform(me.name))
      found.push({ flagged: me.id, code: 'name_impersonates_platform', related: null });
    for (const other of await this.lookAlikes(tx, me.id, me.name)) {
      const code = me.verified !== other.verified ? 'name_impersonates_verified' : 'name_taken';
      if (code === 'name_taken' && !other.strict) continue; // loose keys count only against ✅
      // The unverified one of the pair, or else the later one, is the one to look at.
      const meFirst =
        me.verified !== other.verified ? me.verified : me.createdAt <= other.createdAt;
      const [flagged, related] = meFirst ? [other.id, me.id] : [me.id, other.id];
      found.push({ flagged, code, related });
    }
    let filed = 0;
    for (const item of found)
      if (await this.file(tx, item.flagged, item.code, item.related)) filed++;
    return filed;
  }

  /** Businesses whose stored keys share one with `name`'s, and whether a strict key matched. */
  private async lookAlikes(tx: Tx, self: string, name: string) {
    const keys = nameKeys(name);
    if (keys.strict.length === 0) return []; // no letter or digit: nothing to look like
    const rows = await tx
      .select({
        id: businesses.id,
        verified: businesses.verified,
        createdAt: businesses.createdAt,
        kind: businessNameKeys.kind,
      })
      .from(businessNameKeys)
      .innerJoin(businesses, eq(businesses.id, businessNameKeys.businessId))
      .where(
        and(
          ne(businesses.id, self),
          or(
            and(eq(businessNameKeys.kind, 'strict'), inArray(businessNameKeys.key, keys.strict)),
            and(
              eq(businessNameKeys.kind, 'protected'),
              inArray(businessNameKeys.key, keys.protected),
            ),
          ),
        ),
      );
    const byId = new Map<string, (typeof rows)[number] & { strict: boolean }>();
    for (const row of rows) {
      const seen = byId.get(row.id);
      byId.set(row.id, { ...row, strict: (seen?.strict ?? false) || row.kind === 'strict' });
    }
    return [...byId.values()];
  }

  /** Files one platform report unless the same one was filed before (open or closed). */
  private async file(
    tx: Tx,
    businessId: string,
    code: NameCollisionCode,
    related: string | null,
  ): Promise<boolean> {
    const [existing] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(
        and(
          eq(reports.businessId, businessId),
          eq(reports.reporter, platformReporter),
          eq(reports.code, code),
          related === null
            ? isNull(reports.relatedBusinessId)
            : eq(reports.relatedBusinessId, related),
        ),
      );
    if (existing) return false;
    await tx.insert(reports).values({
      id: randomId(16),
      businessId,
      reporter: platformReporter,
      reason: messageOf({ code }),
      status: 'open',
      createdAt: this.clock.now(),
      code,
      relatedBusinessId: related,
    });
    return true;
  }
}
