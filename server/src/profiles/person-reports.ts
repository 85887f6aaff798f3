/**
 * People's reports of other people (contract person-reports.ts): recorded with a reason from a
 * closed list, for operators to read in the console. A person cannot report themselves
 * (`report_self`) nor an id that is no person (`no_such_person`: a business is reported through
 * its page), and files at most `limits.maxReportsPerWindow` within `limits.reportWindowMs`
 * (`too_many_reports`): the count and the insert run under a lock per reporter, so reports sent
 * at once cannot all slip in under the limit.
 */
import { and, count, desc, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  limits,
  randomId,
  refusalError,
  type PersonReport,
  type PersonReportReason,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { identities, personReports } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

export class PersonReports {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async file(
    reporter: string,
    personId: string,
    reason: PersonReportReason,
  ): Promise<PersonReport> {
    if (personId === reporter) throw refusalError('bad_request', { code: 'report_self' });
    const [person] = await this.db
      .select({ id: identities.id })
      .from(identities)
      .where(and(eq(identities.id, personId), eq(identities.kind, 'person')));
    if (!person) throw refusalError('not_found', { code: 'no_such_person' });
    const id = randomId(16);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`person-report:${reporter}`}))`);
      const [recent] = await tx
        .select({ n: count() })
        .from(personReports)
        .where(
          and(
            eq(personReports.reporter, reporter),
            gt(personReports.createdAt, now - limits.reportWindowMs),
          ),
        );
      if ((recent?.n ?? 0) >= limits.maxReportsPerWindow)
        throw refusalError('rate_limited', {
          code: 'too_many_reports',
          details: { max: limits.maxReportsPerWindow, windowMs: limits.reportWindowMs },
        });
      await tx.insert(personReports).values({ id, personId, reporter, reason, createdAt: now });
    });
    const [report] = await this.select(eq(personReports.id, id));
    return report!;
  }

  /** Every report, newest first (the console's list). */
  async list(): Promise<PersonReport[]> {
    return this.select(undefined);
  }

  private async select(where: ReturnType<typeof eq> | undefined): Promise<PersonReport[]> {
    const reported = alias(identities, 'reported');
    const reporting = alias(identities, 'reporting');
    const rows = await this.db
      .select({
        report: personReports,
        personPhone: reported.phone,
        reporterPhone: reporting.phone,
      })
      .from(personReports)
      .innerJoin(reported, eq(reported.id, personReports.personId))
      .innerJoin(reporting, eq(reporting.id, personReports.reporter))
      .where(where)
      .orderBy(desc(personReports.createdAt))
      .limit(500);
    return rows.map(({ report, personPhone, reporterPhone }) => ({
      id: report.id,
      personId: report.personId,
      personPhone,
      reporter: report.reporter,
      reporterPhone,
      reason: report.reason as PersonReportReason,
      createdAt: report.createdAt,
    }));
  }
}
