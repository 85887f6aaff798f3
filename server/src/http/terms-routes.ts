/** `GET /api/terms`: the current Terms of Service and Privacy Policy, for anyone (no session). */
import { Hono } from 'hono';
import { accountRoutes } from '@souk/sync';
import type { TermsService } from '../business/terms-service.ts';
import { register } from './contract-route.ts';
import type { Env } from './session.ts';

export function termsRoutes(terms: TermsService) {
  const routes = new Hono<Env>();
  register(routes, accountRoutes.currentTerms, () => terms.current());
  return routes;
}
