/**
 * Broadcasts over HTTP (`/business/broadcasts…`, behind the business routes' gate): the preview,
 * starting a job, its progress and per-customer results, and cancelling. A broadcast id of
 * another business reads as no such broadcast.
 */
import { Hono, type Context } from 'hono';
import { SoukError, templateRoutes as described } from '@souk/sync';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import type { Sender } from '../business/customers.ts';
import type { Broadcasts } from '../broadcasts/broadcasts.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

export function broadcastRoutes(deps: { broadcasts: Broadcasts; facts: ConsentFacts }) {
  const routes = new Hono<Env>();
  const { broadcasts } = deps;
  const jobs = broadcasts.jobs;

  register(routes, described.broadcastAudience, async (c, { body }) =>
    broadcasts.preview(await sender(deps.facts, c), body),
  );
  register(routes, described.broadcast, async (c, { body }) =>
    broadcasts.start(await sender(deps.facts, c), body),
  );
  register(routes, described.broadcastProgress, (c, { params }) =>
    jobs.progress(businessOf(c), params.id ?? ''),
  );
  register(routes, described.broadcastResults, (c, { params, query }) =>
    jobs.results(businessOf(c), params.id ?? '', query),
  );
  register(routes, described.broadcastCancel, (c, { params }) =>
    broadcasts.cancel(businessOf(c), params.id ?? ''),
  );
  return routes;
}

function businessOf(c: Context<Env>): string {
  const { identity } = requireSession(c);
  if (identity.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  return identity.id;
}

async function sender(facts: ConsentFacts, c: Context<Env>): Promise<Sender> {
  const business = await facts.business(businessOf(c));
  if (!business) throw new SoukError('forbidden', 'Register your business first.');
  return { id: business.id, kind: 'business', name: business.name, suspended: business.suspended };
}
