/**
 * A person's own profile (`/api/profile`, sync/src/contract/routes/profile.ts): reading it, the
 * display name and about line, the photo; and reporting another person. People only: a
 * business's profile has its own routes.
 */
import { Hono, type Context } from 'hono';
import { personReportRoutes, profileRoutes, SoukError } from '@souk/sync';
import type { PersonProfiles } from '../profiles/person-profiles.ts';
import type { PersonReports } from '../profiles/person-reports.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

function personId(c: Context<Env>): string {
  const me = requireSession(c).identity;
  if (me.kind !== 'person') throw new SoukError('forbidden', 'Only people have a profile here.');
  return me.id;
}

export function personProfileRoutes(profiles: PersonProfiles, reports: PersonReports) {
  const routes = new Hono<Env>();
  register(routes, profileRoutes.me, (c) => profiles.read(personId(c)));
  register(routes, profileRoutes.update, (c, { body }) => profiles.update(personId(c), body));
  register(routes, profileRoutes.setPhoto, (c, { upload }) =>
    profiles.setPhoto(personId(c), upload.bytes),
  );
  register(routes, profileRoutes.removePhoto, async (c) => {
    await profiles.removePhoto(personId(c));
    return { removed: true };
  });
  // Another person, for a reason from a closed list (person-reports.ts).
  register(routes, personReportRoutes.report, (c, { body }) =>
    reports.file(personId(c), body.personId, body.reason),
  );
  return routes;
}
