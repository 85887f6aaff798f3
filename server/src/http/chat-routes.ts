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
import { eq } from 'drizzle-orm';
import {
  deliveryInput,
  docName,
  initConversation,
  mayDeliver,
  randomId,
  SoukError,
  startChatSchema,
  type ConversationKind,
  type Me,
  type Participant,
  type StartChatResult,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { conversations } from '../db/schema.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Clock } from '../clock.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import { ConsentFacts } from '../consent/consent-facts.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

interface Deps {
  db: Db;
  auth: AuthService;
  store: DocStore;
  clock: Clock;
  gate: BusinessGate;
}

export function chatRoutes(deps: Deps) {
  const facts = new ConsentFacts(deps.db, deps.store);
  const routes = new Hono<Env>();
  routes.post('/chats', async (c) => {
    const me = requireSession(c).identity;
    if (me.kind === 'business') await requireBusinessGate(deps.gate, me.id);
    const body = await parseBody(c, startChatSchema);
    if (body.businessId !== undefined) {
      if (me.kind !== 'person')
        throw SoukError.refusal('forbidden', { code: 'business_to_business' });
      return c.json(await withBusiness(deps, facts, me, body.businessId));
    }
    const peer = await deps.auth.findPerson(body.phone!);
    if (!peer) throw new SoukError('not_on_souk', "This number isn't on Souk yet.");
    if (peer.id === me.id) throw new SoukError('bad_request', 'That is your own number.');
    const person: Participant = { id: peer.id, kind: 'person', phone: peer.phone };
    if (me.kind === 'business') return c.json(await asBusiness(deps, facts, me, person));
    const self: Participant = { id: me.id, kind: 'person', phone: me.phone };
    return c.json(await open(deps, 'private', self, person, async () => {}));
  });
  return routes;
}

async function withBusiness(
  deps: Deps,
  facts: ConsentFacts,
  me: Me,
  businessId: string,
): Promise<StartChatResult> {
  const business = await facts.business(businessId);
  if (!business) throw new SoukError('not_found', 'No such business.');
  const self: Participant = { id: me.id, kind: 'person', phone: me.phone };
  const peer: Participant = { id: business.id, kind: 'business', name: business.name };
  return open(deps, 'business', self, peer, async () => {
    if (business.suspended)
      throw new SoukError('forbidden', 'This business is suspended and cannot be messaged.');
  });
}

async function asBusiness(
  deps: Deps,
  facts: ConsentFacts,
  me: Me,
  person: Participant,
): Promise<StartChatResult> {
  const business = await facts.business(me.id);
  if (!business) throw new SoukError('forbidden', 'Register your business first.');
  const self: Participant = { id: business.id, kind: 'business', name: business.name };
  return open(deps, 'business', self, person, async () => {
    // Starting a conversation is what a template outside the window does: the same rule.
    const prefs = await facts.preferences([person.id]);
    const decision = mayDeliver(
      deliveryInput({
        sender: self,
        recipient: person,
        message: { kind: 'template', category: 'utility' },
        senderPrefs: null,
        recipientPrefs: prefs.get(person.id) ?? null,
        businessSuspended: business.suspended,
        lastCustomerMessageAt: null,
        now: deps.clock.now(),
      }),
    );
    if (!decision.ok)
      throw new SoukError('not_delivered', decision.message, { reason: decision.reason });
  });
}

/**
 * The pair's conversation: reopened if it exists, else created after `mayStart` allows it, with
 * its participants written by the server and both parties as members.
 */
async function open(
  deps: Deps,
  kind: ConversationKind,
  self: Participant,
  peer: Participant,
  mayStart: () => Promise<void>,
): Promise<StartChatResult> {
  const pairKey = [self.id, peer.id].sort().join('+');
  const existing = await conversationOf(deps.db, pairKey);
  if (existing) return { doc: docName('conv', existing), peer };
  await mayStart();
  const inserted = await deps.db
    .insert(conversations)
    .values({ id: randomId(16), kind, pairKey, createdAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning({ id: conversations.id });
  const id = inserted[0]?.id ?? (await conversationOf(deps.db, pairKey))!;
  const doc = docName('conv', id);
  if (inserted.length > 0) {
    await deps.store.writeAsServer(doc, (d) => initConversation(d, kind, [self, peer]), [
      self.id,
      peer.id,
    ]);
  }
  return { doc, peer };
}

async function conversationOf(db: Db, pairKey: string): Promise<string | null> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.pairKey, pairKey));
  return row?.id ?? null;
}
