/**
 * The business app's platform routes under `/api/business/*`. Every one needs a business session
 * (the business app's cookie) and, except accepting the terms, passes the business gate: the
 * current terms accepted and not suspended (403 `forbidden` with the reason otherwise; a
 * suspension's refusal carries the operator's reason as `details.note`).
 */
import { Hono, type Context } from 'hono';
import { refusalError, businessRoutes as described, SoukError } from '@souk/sync';
import type { TermsService } from '../business/terms-service.ts';
import type { BusinessService } from '../business/business-service.ts';
import type { BusinessGate } from '../business/business-gate.ts';
import { latestVerification, suspensionNote } from '../business/standing.ts';
import type { Db } from '../db/open.ts';
import type { ProfileService } from '../business/profile-service.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

function businessId(c: Context<Env>): string {
  const session = requireSession(c);
  if (session.identity.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  return session.identity.id;
}

export function businessRoutes(deps: {
  terms: TermsService;
  businesses: BusinessService;
  gate: BusinessGate;
  profiles: ProfileService;
  db: Db;
}) {
  const routes = new Hono<Env>();

  routes.use('/business/*', async (c, next) => {
    const id = businessId(c);
    if (c.req.method === 'POST' && c.req.path.endsWith('/business/terms/accept')) return next();
    const refusal = await deps.gate(id);
    // A suspended business is told why, in the words the operator wrote (`details.note`).
    const details =
      refusal === 'business_suspended' ? { note: await suspensionNote(deps.db, id) } : {};
    if (refusal) throw refusalError('forbidden', { code: refusal, details });
    return next();
  });

  register(routes, described.acceptTerms, async (c, { body: versions }) => {
    await deps.terms.accept(businessId(c), versions);
    return { accepted: versions };
  });

  register(routes, described.me, async (c) => {
    const id = businessId(c);
    const business = await deps.businesses.get(id);
    if (!business) return { business, names: [], verification: null };
    const [names, verification] = await Promise.all([
      deps.businesses.nameHistory(id),
      latestVerification(deps.db, id),
    ]);
    return { business, names, verification };
  });

  register(routes, described.register, (c, { body: { name, category, handle } }) =>
    deps.businesses.register(businessId(c), name, category, handle),
  );

  register(routes, described.requestNameChange, (c, { body: { name, reason } }) =>
    deps.businesses.requestNameChange(businessId(c), name, reason),
  );

  register(routes, described.requestVerification, (c, { body: { evidence } }) =>
    deps.businesses.requestVerification(businessId(c), evidence),
  );

  register(routes, described.setCategory, async (c, { body: { category } }) => {
    await deps.profiles.setCategory(businessId(c), category);
    return { category };
  });

  register(routes, described.setPhoto, (c, { upload }) =>
    deps.profiles.setPhoto(businessId(c), upload.bytes),
  );

  return routes;
}
