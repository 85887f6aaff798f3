/**
 * Starting (or reopening) a conversation, the one implementation behind `POST /api/chats` and
 * the Business API: one conversation per pair of identities, keyed by the pair in
 * `conversations`. A new one gets its kind and participants from the platform, through the
 * submit path (validated as the platform's write), and both parties become its members in the
 * same commit.
 *
 * A business starting a conversation with a person is what a template outside any window does,
 * so the same consent rule decides (`businessMayStart`).
 */
import { eq } from 'drizzle-orm';
import {
  deliveryInput,
  docName,
  initConversation,
  mayDeliver,
  platformActor,
  randomId,
  SoukError,
  type ConversationKind,
  type OutgoingKind,
  type Participant,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { conversations } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import type { ServerWrite } from './submit.ts';

export interface ConversationDeps {
  db: Db;
  write: ServerWrite;
  clock: Clock;
}

/**
 * The pair's conversation head: reopened if it exists, else created once `mayStart` allows it
 * (it throws the refusal).
 */
export async function openConversation(
  deps: ConversationDeps,
  kind: ConversationKind,
  self: Participant,
  peer: Participant,
  mayStart: () => Promise<void>,
): Promise<string> {
  const pairKey = [self.id, peer.id].sort().join('+');
  const existing = await conversationOf(deps.db, pairKey);
  if (existing) return docName('conv', existing);
  await mayStart();
  const inserted = await deps.db
    .insert(conversations)
    .values({ id: randomId(16), kind, pairKey, createdAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning({ id: conversations.id });
  const id = inserted[0]?.id ?? (await conversationOf(deps.db, pairKey))!;
  const doc = docName('conv', id);
  if (inserted.length > 0) {
    const { result } = await deps.write(
      doc,
      platformActor,
      (d) => initConversation(d, kind, [self, peer]),
      { members: { doc, ids: [self.id, peer.id] } },
    );
    if (result.kind === 'refused')
      throw new Error(`conversation ${doc} not created: ${result.reason}`);
  }
  return doc;
}

/** Throws `not_delivered` with the rule's reason unless `business` may start a chat with `person`. */
export async function businessMayStart(
  facts: ConsentFacts,
  clock: Clock,
  business: Participant & { suspended: boolean },
  person: Participant,
  message: OutgoingKind,
): Promise<void> {
  const prefs = await facts.preferences([person.id]);
  const decision = mayDeliver(
    deliveryInput({
      sender: business,
      recipient: person,
      message,
      senderPrefs: null,
      recipientPrefs: prefs.get(person.id) ?? null,
      businessSuspended: business.suspended,
      lastCustomerMessageAt: null,
      now: clock.now(),
    }),
  );
  if (!decision.ok)
    throw new SoukError('not_delivered', decision.message, { reason: decision.reason });
}

/** The head of the conversation between two identities, if they have one. */
export async function findConversation(db: Db, a: string, b: string): Promise<string | null> {
  const id = await conversationOf(db, [a, b].sort().join('+'));
  return id ? docName('conv', id) : null;
}

async function conversationOf(db: Db, pairKey: string): Promise<string | null> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.pairKey, pairKey));
  return row?.id ?? null;
}
