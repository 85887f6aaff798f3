/**
 * The platform console's routes under `/api/admin/*`. An operator is a person signed in to the
 * personal app whose phone is in `operators` (created by `souk create-operator`, see cli.ts);
 * no session is 401, any other session 403, checked on every request so a removed operator
 * loses access at once.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { adminRoutes as described, reviewDecisions, SoukError } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { isOperator } from '../business/operators.ts';
import type { TermsService } from '../business/terms-service.ts';
import type { BusinessService } from '../business/business-service.ts';
import type { ReportService } from '../business/report-service.ts';
import type { PersonReports } from '../profiles/person-reports.ts';
import type { AnnouncementService } from '../business/announcement-service.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

const decisionParam = z.enum(reviewDecisions);

function decisionOf(params: Record<string, string>): 'approve' | 'reject' {
  const parsed = decisionParam.safeParse(params.decision);
  if (!parsed.success) throw new SoukError('not_found', 'No such API route.');
  return parsed.data;
}

/** The operator's phone: what decisions are recorded under. */
function operator(c: Context<Env>): string {
  return requireSession(c).identity.phone;
}

export function adminRoutes(deps: {
  db: Db;
  terms: TermsService;
  businesses: BusinessService;
  reports: ReportService;
  personReports: PersonReports;
  announcements: AnnouncementService;
}) {
  const routes = new Hono<Env>();

  routes.use('/admin/*', async (c, next) => {
    const session = requireSession(c);
    if (session.identity.kind !== 'person' || !(await isOperator(deps.db, session.identity.phone)))
      throw new SoukError('forbidden', 'Only platform operators can use the console.');
    return next();
  });

  register(routes, described.me, (c) => ({ phone: operator(c), operator: true as const }));

  register(routes, described.publishTerms, async (c, { body: { kind, text } }) => {
    const published = await deps.terms.publish(kind, text, operator(c));
    // Open business apps learn of it through the announcements document they all follow.
    await deps.announcements.noteTerms(published);
    return published;
  });

  register(routes, described.businesses, () => deps.businesses.list());

  register(routes, described.business, async (_c, { params: { id } }) => ({
    business: await deps.businesses.require(id!),
    names: await deps.businesses.nameHistory(id!),
  }));

  register(routes, described.nameChanges, (_c, { query }) =>
    deps.businesses.nameChanges(query.status),
  );

  register(routes, described.decideNameChange, (c, { params, body: { reason } }) =>
    deps.businesses.decideNameChange(params.id!, decisionOf(params), reason, operator(c)),
  );

  register(routes, described.verifications, (_c, { query }) =>
    deps.businesses.verifications(query.status),
  );

  register(routes, described.decideVerification, (c, { params, body: { reason } }) =>
    deps.businesses.decideVerification(params.id!, decisionOf(params), reason, operator(c)),
  );

  register(routes, described.revokeVerification, (c, { params, body: { reason } }) =>
    deps.businesses.revokeVerification(params.id!, reason, operator(c)),
  );

  register(routes, described.suspend, (c, { params, body: { reason } }) =>
    deps.businesses.setStatus(params.id!, 'suspended', reason, operator(c)),
  );

  register(routes, described.restore, (c, { params, body: { reason } }) =>
    deps.businesses.setStatus(params.id!, 'active', reason, operator(c)),
  );

  register(routes, described.reports, (_c, { query }) => deps.reports.list(query.status));
  register(routes, described.personReports, () => deps.personReports.list());

  register(routes, described.closeReport, (c, { params, body: { reason } }) =>
    deps.reports.close(params.id!, reason, operator(c)),
  );

  register(routes, described.announcements, () => deps.announcements.list());

  register(routes, described.postAnnouncement, (_c, { body: { text } }) =>
    deps.announcements.post(text),
  );

  return routes;
}
