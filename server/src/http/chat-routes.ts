/**
 * Starting (or reopening) a chat: one conversation per pair of identities, keyed by the pair.
 * - a person names a person by phone: a private chat;
 * - a person names a business by id: a business chat (the business must exist and be active);
 * - a business names a person by phone: only a person who opted in to it (the consent rules for
 *   a business starting a conversation: a template outside any window), refused otherwise with
 *   `not_delivered` and the rule's reason. A chat that exists already is simply reopened.
 * A business passes the business gate first (terms accepted, not suspended), as on every business
 * route: until then it can neither start nor reopen a chat, nor learn who is on Souk.
 */
import { Hono } from 'hono';
import {
  refusalError,
  accountRoutes,
  SoukError,
  type Me,
  type Participant,
  type StartChatResult,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Clock } from '../clock.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import type { ServerWrite } from '../submit/submit.ts';
import { businessMayStart, openConversation } from '../submit/conversations.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

export interface ChatDeps {
  db: Db;
  auth: AuthService;
  facts: ConsentFacts;
  write: ServerWrite;
  clock: Clock;
  gate: BusinessGate;
}

export function chatRoutes(deps: ChatDeps) {
  const { facts } = deps;
  const routes = new Hono<Env>();
  register(routes, accountRoutes.startChat, async (c, { body }) => {
    const me = requireSession(c).identity;
    if (me.kind === 'business') await requireBusinessGate(deps.gate, me.id);
    if (body.businessId !== undefined) {
      if (me.kind !== 'person') throw refusalError('forbidden', { code: 'business_to_business' });
      return withBusiness(deps, facts, me, body.businessId);
    }
    const peer = await deps.auth.findPerson(body.phone!);
    if (!peer) throw new SoukError('not_on_souk', "This number isn't on Souk yet.");
    if (peer.id === me.id) throw new SoukError('bad_request', 'That is your own number.');
    const person: Participant = { id: peer.id, kind: 'person', phone: peer.phone };
    if (me.kind === 'business') return asBusiness(deps, facts, me, person);
    const self: Participant = { id: me.id, kind: 'person', phone: me.phone };
    const doc = await openConversation(deps, 'private', self, person, async () => {});
    return { doc, peer: person } satisfies StartChatResult;
  });
  return routes;
}

export async function withBusiness(
  deps: ChatDeps,
  facts: ConsentFacts,
  me: Me,
  businessId: string,
): Promise<StartChatResult> {
  const business = await facts.business(businessId);
  if (!business) throw new SoukError('not_found', 'No such business.');
  const self: Participant = { id: me.id, kind: 'person', phone: me.phone };
  const peer: Participant = { id: business.id, kind: 'business', name: business.name };
  const doc = await openConversation(deps, 'business', self, peer, async () => {
    if (business.suspended)
      throw new SoukError('forbidden', 'This business is suspended and cannot be messaged.');
  });
  return { doc, peer };
}

async function asBusiness(
  deps: ChatDeps,
  facts: ConsentFacts,
  me: Me,
  person: Participant,
): Promise<StartChatResult> {
  const business = await facts.business(me.id);
  if (!business) throw new SoukError('forbidden', 'Register your business first.');
  const self: Participant = { id: business.id, kind: 'business', name: business.name };
  // Starting a conversation is what a template outside the window does: the same rule.
  const doc = await openConversation(deps, 'business', self, person, () =>
    businessMayStart(facts, deps.clock, { ...self, suspended: business.suspended }, person, {
      kind: 'template',
      category: 'utility',
    }),
  );
  return { doc, peer: person };
}
