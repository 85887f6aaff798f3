/** People's reports of businesses, and the operators who close them with what they did. */
import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { randomId, SoukError, type Report } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses, reports } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

export class ReportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async file(reporter: string, businessId: string, reason: string): Promise<Report> {
    const [business] = await this.db
      .select({ id: businesses.id })
      .from(businesses)
      .where(eq(businesses.id, businessId));
    if (!business) throw new SoukError('not_found', 'No such business.');
    const id = randomId(16);
    await this.db.insert(reports).values({
      id,
      businessId,
      reporter,
      reason,
      status: 'open',
      createdAt: this.clock.now(),
    });
    return (await this.get(id))!;
  }

  async list(status?: 'open' | 'closed'): Promise<Report[]> {
    return this.select(status ? eq(reports.status, status) : undefined);
  }

  async close(id: string, resolution: string, operator: string): Promise<Report> {
    const closed = await this.db
      .update(reports)
      .set({ status: 'closed', closedAt: this.clock.now(), closedBy: operator, resolution })
      .where(and(eq(reports.id, id), eq(reports.status, 'open')))
      .returning({ id: reports.id });
    if (closed.length === 0) throw new SoukError('not_found', 'No open report with this id.');
    return (await this.get(id))!;
  }

  private async get(id: string): Promise<Report | null> {
    const [report] = await this.select(eq(reports.id, id));
    return report ?? null;
  }

  private async select(where: ReturnType<typeof eq> | undefined): Promise<Report[]> {
    const related = alias(businesses, 'related');
    const rows = await this.db
      .select({
        report: reports,
        businessName: businesses.name,
        related: { id: related.id, name: related.name, verified: related.verified },
      })
      .from(reports)
      .innerJoin(businesses, eq(businesses.id, reports.businessId))
      .leftJoin(related, eq(related.id, reports.relatedBusinessId))
      .where(where)
      .orderBy(desc(reports.createdAt));
    return rows.map(({ report, businessName, related }) => ({
      id: report.id,
      businessId: report.businessId,
      businessName,
      reporter: report.reporter,
      reason: report.reason,
      status: report.status,
      createdAt: report.createdAt,
      closedAt: report.closedAt,
      resolution: report.resolution,
      code: report.code,
      related,
    }));
  }
}
