/**
 * Businesses' links over HTTP. Public: a link's page (`/api/links/<handle>`, no session, counts a
 * visit). People: a chat started from a link (the same way into a conversation as any other,
 * chat-routes.ts) and an opt-in attributed to it. The business (behind the business gate of
 * business-routes.ts, mounted after it): its handle, a handle change for review, link statistics.
 * Operators: the review of handle changes.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { refusalError, linkRoutes as described, reviewDecisions, SoukError } from '@souk/sync';
import { isOperator } from '../business/operators.ts';
import type { HandleChanges } from '../business/handle-changes.ts';
import type { LinkService } from '../links/link-service.ts';
import { withBusiness, type ChatDeps } from './chat-routes.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

function personOf(c: Context<Env>) {
  const me = requireSession(c).identity;
  if (me.kind !== 'person') throw refusalError('forbidden', { code: 'business_to_business' });
  return me;
}

function businessOf(c: Context<Env>): string {
  const me = requireSession(c).identity;
  if (me.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  return me.id;
}

const decisionParam = z.enum(reviewDecisions);

export function linkRoutes(deps: { links: LinkService; changes: HandleChanges; chat: ChatDeps }) {
  const { links, changes } = deps;
  const routes = new Hono<Env>();

  register(routes, described.page, async (_c, { params }) => {
    const page = await links.require(params.handle!);
    await links.countVisit(page);
    return page;
  });

  register(routes, described.chat, async (c, { params }) => {
    const me = personOf(c);
    const page = await links.require(params.handle!);
    const started = await withBusiness(deps.chat, deps.chat.facts, me, page.businessId);
    await links.countAction(page, 'chat', me.id);
    return started;
  });

  register(routes, described.optIn, async (c, { params }) => {
    const me = personOf(c);
    const page = await links.require(params.handle!);
    // Only what the person chose themselves counts: their preferences must say so.
    if (!(await links.optedIn(me.id, page.businessId))) return { counted: false };
    return { counted: await links.countAction(page, 'opt_in', me.id) };
  });

  register(routes, described.mine, async (c) => {
    const id = businessOf(c);
    const handle = await links.handles.current(id);
    if (!handle) throw new SoukError('not_found', 'No such business. Register it first.');
    const [previous, pending] = await Promise.all([
      links.handles.previous(id),
      changes.pending(id),
    ]);
    return { handle, previous, pending };
  });

  register(routes, described.requestHandleChange, (c, { body: { handle } }) =>
    changes.request(businessOf(c), handle),
  );

  register(routes, described.stats, (c, { query }) => links.stats(businessOf(c), query));

  const operator = async (c: Context<Env>) => {
    const session = requireSession(c);
    if (
      session.identity.kind !== 'person' ||
      !(await isOperator(deps.chat.db, session.identity.phone))
    )
      throw new SoukError('forbidden', 'Only platform operators can use the console.');
    return session.identity.phone;
  };

  register(routes, described.handleChanges, async (c, { query }) => {
    await operator(c);
    return changes.list(query.status);
  });

  register(routes, described.decideHandleChange, async (c, { params, body: { reason } }) => {
    const phone = await operator(c);
    const decision = decisionParam.safeParse(params.decision);
    if (!decision.success) throw new SoukError('not_found', 'No such API route.');
    return changes.decide(params.id!, decision.data, reason, phone);
  });

  return routes;
}
