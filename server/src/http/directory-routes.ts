/** People's side of the business platform: find businesses, report one. */
import { Hono } from 'hono';
import { directoryRoutes as described, SoukError } from '@souk/sync';
import type { ProfileService } from '../business/profile-service.ts';
import type { ReportService } from '../business/report-service.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

export function directoryRoutes(deps: { profiles: ProfileService; reports: ReportService }) {
  const routes = new Hono<Env>();

  register(routes, described.search, async (c, { query }) => {
    requireSession(c);
    return deps.profiles.search(query.q, query.category);
  });

  register(routes, described.report, async (c, { body: { businessId, reason } }) => {
    const session = requireSession(c);
    if (session.identity.kind !== 'person')
      throw new SoukError('forbidden', 'Only people report businesses.');
    return deps.reports.file(session.identity.id, businessId, reason);
  });

  return routes;
}
