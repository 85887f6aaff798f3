/**
 * The two routes the business app's first screen calls before it is drawn, to learn its standing
 * (terms accepted, registered): `accountRoutes.currentTerms` and `businessRoutes.me`, same method
 * and path, their answers checked with the rules of their zod schemas by answer-check.ts, so the
 * first screen ships without zod. standing-routes.test.ts holds the two to the same verdicts.
 */
import {
  businessCategories,
  businessStatuses,
  legalKinds,
  reviewStatuses,
  type accountRoutes,
  type BusinessMe,
  type BusinessRecord,
  type businessRoutes,
  type CurrentTerms,
  type LegalVersion,
  type Verification,
} from '@souk/sync';
import {
  array,
  boolean,
  nullable,
  number,
  object,
  oneOf,
  parsing,
  positiveInt,
  string,
} from '../answer-check.ts';

const legalVersion = object<LegalVersion>({
  kind: oneOf(legalKinds),
  version: positiveInt,
  text: string,
  publishedAt: number,
});

export const checkCurrentTerms = object<CurrentTerms>({
  tos: nullable(legalVersion),
  privacy: nullable(legalVersion),
});

const businessRecord = object<BusinessRecord>({
  id: string,
  phone: string,
  name: string,
  category: oneOf(businessCategories),
  status: oneOf(businessStatuses),
  verified: boolean,
  createdAt: number,
});

const verification = object<Verification>({
  id: string,
  businessId: string,
  businessName: string,
  evidence: string,
  status: oneOf(reviewStatuses),
  createdAt: number,
  decidedAt: nullable(number),
  decisionReason: nullable(string),
});

export const checkBusinessMe = object<BusinessMe>({
  business: nullable(businessRecord),
  names: array(object({ name: string, since: number })),
  verification: nullable(verification),
});

/** The routes as the typed client calls them (it reads only method, path and `response.safeParse`). */
export const currentTermsRoute = {
  method: 'GET',
  path: '/terms',
  response: parsing(checkCurrentTerms),
} as unknown as typeof accountRoutes.currentTerms;

export const businessMeRoute = {
  method: 'GET',
  path: '/business/me',
  response: parsing(checkBusinessMe),
} as unknown as typeof businessRoutes.me;
