/** People's side of the business platform: find businesses, report one. */
import { Hono } from 'hono';
import { businessSearchQuerySchema, reportBusinessSchema, SoukError } from '@souk/sync';
import type { ProfileService } from '../business/profile-service.ts';
import type { ReportService } from '../business/report-service.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

export function directoryRoutes(deps: { profiles: ProfileService; reports: ReportService }) {
  const routes = new Hono<Env>();

  routes.get('/businesses', async (c) => {
    requireSession(c);
    const parsed = businessSearchQuerySchema.safeParse(c.req.query());
    if (!parsed.success)
      throw new SoukError('bad_request', parsed.error.issues[0]?.message ?? 'Bad search.');
    return c.json(await deps.profiles.search(parsed.data.q, parsed.data.category));
  });

  routes.post('/reports', async (c) => {
    const session = requireSession(c);
    if (session.identity.kind !== 'person')
      throw new SoukError('forbidden', 'Only people report businesses.');
    const { businessId, reason } = await parseBody(c, reportBusinessSchema);
    return c.json(await deps.reports.file(session.identity.id, businessId, reason), 201);
  });

  return routes;
}
