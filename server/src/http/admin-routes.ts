/**
 * The platform console's routes under `/api/admin/*`. An operator is a person signed in to the
 * personal app whose phone is in `operators` (created by `souk create-operator`, see cli.ts);
 * no session is 401, any other session 403, checked on every request so a removed operator
 * loses access at once.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  postAnnouncementSchema,
  publishTermsSchema,
  requiredReasonSchema,
  reviewDecisionSchema,
  reviewStatusSchema,
  SoukError,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { isOperator } from '../business/operators.ts';
import type { TermsService } from '../business/terms-service.ts';
import type { BusinessService } from '../business/business-service.ts';
import type { ReportService } from '../business/report-service.ts';
import type { AnnouncementService } from '../business/announcement-service.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

const statusQuery = reviewStatusSchema.optional();
const reportStatusQuery = z.enum(['open', 'closed']).optional();
const decisionParam = z.enum(['approve', 'reject']);

function decisionOf(c: Context<Env>): 'approve' | 'reject' {
  const parsed = decisionParam.safeParse(c.req.param('decision'));
  if (!parsed.success) throw new SoukError('not_found', 'No such API route.');
  return parsed.data;
}

/** The operator's phone: what decisions are recorded under. */
function operator(c: Context<Env>): string {
  return requireSession(c).identity.phone;
}

function status(c: Context<Env>) {
  const parsed = statusQuery.safeParse(c.req.query('status'));
  if (!parsed.success)
    throw new SoukError('bad_request', 'status is pending, approved or rejected.');
  return parsed.data;
}

export function adminRoutes(deps: {
  db: Db;
  terms: TermsService;
  businesses: BusinessService;
  reports: ReportService;
  announcements: AnnouncementService;
}) {
  const routes = new Hono<Env>();

  routes.use('/admin/*', async (c, next) => {
    const session = requireSession(c);
    if (session.identity.kind !== 'person' || !(await isOperator(deps.db, session.identity.phone)))
      throw new SoukError('forbidden', 'Only platform operators can use the console.');
    return next();
  });

  routes.get('/admin/me', (c) => c.json({ phone: operator(c), operator: true }));

  routes.post('/admin/terms', async (c) => {
    const { kind, text } = await parseBody(c, publishTermsSchema);
    const published = await deps.terms.publish(kind, text, operator(c));
    // Open business apps learn of it through the announcements document they all follow.
    await deps.announcements.noteTerms(published);
    return c.json(published, 201);
  });

  routes.get('/admin/businesses', async (c) => c.json(await deps.businesses.list()));

  routes.get('/admin/businesses/:id', async (c) => {
    const id = c.req.param('id');
    return c.json({
      business: await deps.businesses.require(id),
      names: await deps.businesses.nameHistory(id),
    });
  });

  routes.get('/admin/name-changes', async (c) =>
    c.json(await deps.businesses.nameChanges(status(c))),
  );

  routes.post('/admin/name-changes/:id/:decision', async (c) => {
    const decision = decisionOf(c);
    const { reason } = await parseBody(c, reviewDecisionSchema);
    return c.json(
      await deps.businesses.decideNameChange(c.req.param('id'), decision, reason, operator(c)),
    );
  });

  routes.get('/admin/verifications', async (c) =>
    c.json(await deps.businesses.verifications(status(c))),
  );

  routes.post('/admin/verifications/:id/:decision', async (c) => {
    const decision = decisionOf(c);
    const { reason } = await parseBody(c, reviewDecisionSchema);
    return c.json(
      await deps.businesses.decideVerification(c.req.param('id'), decision, reason, operator(c)),
    );
  });

  routes.post('/admin/businesses/:id/revoke-verification', async (c) => {
    const { reason } = await parseBody(c, requiredReasonSchema);
    return c.json(await deps.businesses.revokeVerification(c.req.param('id'), reason, operator(c)));
  });

  routes.post('/admin/businesses/:id/suspend', async (c) => {
    const { reason } = await parseBody(c, requiredReasonSchema);
    return c.json(
      await deps.businesses.setStatus(c.req.param('id'), 'suspended', reason, operator(c)),
    );
  });

  routes.post('/admin/businesses/:id/restore', async (c) => {
    const { reason } = await parseBody(c, reviewDecisionSchema);
    return c.json(
      await deps.businesses.setStatus(c.req.param('id'), 'active', reason, operator(c)),
    );
  });

  routes.get('/admin/reports', async (c) => {
    const parsed = reportStatusQuery.safeParse(c.req.query('status'));
    if (!parsed.success) throw new SoukError('bad_request', 'status is open or closed.');
    return c.json(await deps.reports.list(parsed.data));
  });

  routes.post('/admin/reports/:id/close', async (c) => {
    const { reason } = await parseBody(c, requiredReasonSchema);
    return c.json(await deps.reports.close(c.req.param('id'), reason, operator(c)));
  });

  routes.get('/admin/announcements', async (c) => c.json(await deps.announcements.list()));

  routes.post('/admin/announcements', async (c) => {
    const { text } = await parseBody(c, postAnnouncementSchema);
    return c.json(await deps.announcements.post(text), 201);
  });

  return routes;
}
