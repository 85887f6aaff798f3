/**
 * Versioned Terms of Service and Privacy Policy, and businesses' acceptances. A version number
 * is the previous one plus one, allocated inside the insert's transaction under a lock, so two
 * operators publishing at once cannot both get the same number. "Current" is the highest version.
 */
import { and, desc, eq, max, sql } from 'drizzle-orm';
import {
  legalKinds,
  SoukError,
  type CurrentTerms,
  type LegalKind,
  type LegalVersion,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { legalAcceptances, legalVersions } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

export class TermsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async publish(kind: LegalKind, text: string, operator: string): Promise<LegalVersion> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`legal:${kind}`}))`);
      const [latest] = await tx
        .select({ version: legalVersions.version })
        .from(legalVersions)
        .where(eq(legalVersions.kind, kind))
        .orderBy(desc(legalVersions.version))
        .limit(1);
      const row = {
        kind,
        version: (latest?.version ?? 0) + 1,
        text,
        publishedAt: this.clock.now(),
        publishedBy: operator,
      };
      await tx.insert(legalVersions).values(row);
      return { kind, version: row.version, text, publishedAt: row.publishedAt };
    });
  }

  async current(): Promise<CurrentTerms> {
    const [tos, privacy] = await Promise.all([this.latest('tos'), this.latest('privacy')]);
    return { tos, privacy };
  }

  private async latest(kind: LegalKind): Promise<LegalVersion | null> {
    const [row] = await this.db
      .select()
      .from(legalVersions)
      .where(eq(legalVersions.kind, kind))
      .orderBy(desc(legalVersions.version))
      .limit(1);
    return row
      ? { kind, version: row.version, text: row.text, publishedAt: row.publishedAt }
      : null;
  }

  /** Records acceptance; only the current versions can be accepted. */
  async accept(businessId: string, versions: Record<LegalKind, number>): Promise<void> {
    const current = await this.current();
    for (const kind of ['tos', 'privacy'] as const) {
      const now = current[kind];
      if (!now)
        throw new SoukError('conflict', 'The platform has not published its terms yet.', { kind });
      if (versions[kind] !== now.version)
        throw new SoukError('conflict', 'A newer version was published: read and accept it.', {
          kind,
          current: now.version,
        });
    }
    await this.db
      .insert(legalAcceptances)
      .values(
        (['tos', 'privacy'] as const).map((kind) => ({
          businessId,
          kind,
          version: versions[kind],
          acceptedAt: this.clock.now(),
        })),
      )
      .onConflictDoNothing();
  }

  /**
   * Whether the business accepted the current version of both documents. With nothing published
   * there is nothing a business could accept, so nothing is allowed: terms come first.
   */
  async hasAcceptedCurrent(businessId: string): Promise<boolean> {
    // One round trip: it runs before every update a business sends.
    const current = this.db
      .select({
        kind: legalVersions.kind,
        version: max(legalVersions.version).as('current_version'),
      })
      .from(legalVersions)
      .groupBy(legalVersions.kind)
      .as('current');
    const rows = await this.db
      .select({ kind: current.kind, acceptedAt: legalAcceptances.acceptedAt })
      .from(current)
      .leftJoin(
        legalAcceptances,
        and(
          eq(legalAcceptances.businessId, businessId),
          eq(legalAcceptances.kind, current.kind),
          eq(legalAcceptances.version, current.version),
        ),
      );
    return rows.length === legalKinds.length && rows.every((r) => r.acceptedAt !== null);
  }
}
