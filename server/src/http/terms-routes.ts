/** `GET /api/terms`: the current Terms of Service and Privacy Policy, for anyone (no session). */
import { Hono } from 'hono';
import type { TermsService } from '../business/terms-service.ts';
import type { Env } from './session.ts';

export function termsRoutes(terms: TermsService) {
  const routes = new Hono<Env>();
  routes.get('/terms', async (c) => c.json(await terms.current()));
  return routes;
}
