/**
 * A business's opted-in customers: the search (`GET /business/customers`) and starting (or
 * reopening) the chat with one of them (`POST /business/customers/:id/chat`). Mounted after the
 * business routes, whose gate (a business session, the current terms accepted, not suspended)
 * covers `/business/*`.
 *
 * Starting goes through the one implementation (`openConversation`), and the consent rule for a
 * business starting a chat (`businessMayStart`) is asked every time, even when the chat exists:
 * this door opens a chat only with someone who may be reached now. An id that names nobody, a
 * business, or a person who did not opt in to this business is refused alike with `not_delivered`
 * / `not_opted_in`, so the route tells nobody who is on Souk.
 */
import { Hono, type Context } from 'hono';
import { customerRoutes, SoukError, type Participant, type StartChatResult } from '@souk/sync';
import { and, eq } from 'drizzle-orm';
import { identities } from '../db/schema.ts';
import type { Stats } from '../stats/stats.ts';
import {
  personOf,
  searchCustomers,
  startCustomerChat,
  type Sender,
} from '../business/customers.ts';
import type { ChatDeps } from './chat-routes.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

const customerId = /^[A-Za-z0-9_-]{1,64}$/;

export function customerChatRoutes(deps: ChatDeps & { stats?: Stats | undefined }) {
  const routes = new Hono<Env>();

  register(routes, customerRoutes.search, async (c, { query }) => {
    const business = await sender(deps, c);
    // The opt-in index is kept by the log follower: let it reach what was acknowledged.
    await deps.stats?.flush().catch(() => {}); // logged by the follower; answer with what is there
    return searchCustomers(deps, business, query);
  });

  register(routes, customerRoutes.startChat, async (c, { params }) => {
    const business = await sender(deps, c);
    const person = await personNamed(deps, params.id ?? '');
    const doc = await startCustomerChat(deps, business, person);
    return { doc, peer: person } satisfies StartChatResult;
  });
  return routes;
}

async function sender(deps: ChatDeps, c: Context<Env>): Promise<Sender> {
  const me = requireSession(c).identity;
  if (me.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  const business = await deps.facts.business(me.id);
  if (!business) throw new SoukError('forbidden', 'Register your business first.');
  return { id: business.id, kind: 'business', name: business.name, suspended: business.suspended };
}

/** The person `id` names, or the refusal every other id gets (nobody, a business, a forged id). */
async function personNamed(deps: ChatDeps, id: string): Promise<Participant> {
  const [row] = customerId.test(id)
    ? await deps.db
        .select({ id: identities.id, phone: identities.phone })
        .from(identities)
        .where(and(eq(identities.id, id), eq(identities.kind, 'person')))
    : [];
  if (!row)
    throw new SoukError('not_delivered', 'This person has not opted in to your messages.', {
      reason: 'not_opted_in',
    });
  return personOf(row);
}
