/**
 * A business's opted-in customers: the search behind `GET /api/business/customers`.
 *
 * Who opted in comes from `stats_opt_ins`, the index the log follower keeps from people's
 * preferences documents (server/src/stats/count-update.ts); the caller waits for the follower to
 * reach the present first, so an opt-in the server acknowledged is listed. The index only
 * proposes: each page is checked again with the consent rules themselves (`businessMayStart`,
 * the rule that decides whether a chat may be started), so someone who withdrew, switched
 * business messages off or blocked the business is never offered, whatever the index says.
 *
 * Labels live in the business's own inbox document, keyed by conversation: a label (by id, or by
 * words of its name) narrows the search to the people whose chat carries it. Words also find
 * customers by their display name (their profile's, kept on their identity row): opting in lets
 * a business see who they are.
 */
import { and, asc, eq, gt, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import {
  docName,
  inboxDocName,
  readChatLabels,
  readLabels,
  type CustomerPage,
  type Participant,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { conversations, identities, statsOptIns } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import {
  businessMayStart,
  openConversation,
  type ConversationDeps,
} from '../submit/conversations.ts';

export interface CustomerDeps {
  db: Db;
  facts: ConsentFacts;
  clock: Clock;
}

export interface CustomerSearch {
  q: string;
  label?: string | undefined;
  after?: string | undefined;
  limit: number;
}

/** The business as the consent rules see it. */
export type Sender = Participant & { suspended: boolean };

export async function searchCustomers(
  deps: CustomerDeps,
  business: Sender,
  search: CustomerSearch,
): Promise<CustomerPage> {
  const labelled = await labelsOfChats(deps, business.id);
  const filters: SQL[] = [];
  const wanted = wantedLabels(labelled.names, search);
  let carrying: SQL = sql`false`;
  if (wanted) {
    const convIds = [...labelled.byConv].filter(([, ids]) => ids.some((id) => wanted.has(id)));
    const people = await peopleOf(
      deps.db,
      business.id,
      convIds.map(([conv]) => conv),
    );
    if (people.length > 0) carrying = inArray(identities.id, people);
  }
  // Words: the customer's display name, or a label's name; an explicit label: that label.
  if (search.label !== undefined) filters.push(carrying);
  else if (wanted)
    filters.push(or(carrying, ilike(identities.displayName, `%${literal(search.q)}%`))!);
  const digits = /\p{L}/u.test(search.q) ? '' : search.q.replace(/\D/g, '');
  if (digits) filters.push(like(identities.phone, `%${digits}%`));
  if (search.after) {
    const cut = search.after.lastIndexOf('~');
    const [phone, id] = [search.after.slice(0, cut), search.after.slice(cut + 1)];
    filters.push(
      or(gt(identities.phone, phone), and(eq(identities.phone, phone), gt(identities.id, id)))!,
    );
  }
  const rows = await deps.db
    .select({ id: identities.id, phone: identities.phone, name: identities.displayName })
    .from(statsOptIns)
    .innerJoin(identities, eq(identities.id, statsOptIns.personId))
    .where(
      and(
        eq(statsOptIns.businessId, business.id),
        eq(statsOptIns.optedIn, true),
        eq(identities.kind, 'person'),
        ...filters,
      ),
    )
    .orderBy(asc(identities.phone), asc(identities.id))
    .limit(search.limit + 1);
  const more = rows.length > search.limit;
  const page = rows.slice(0, search.limit);
  const reachable = await Promise.all(
    page.map((row) =>
      businessMayStart(deps.facts, deps.clock, business, personOf(row), firstMessage).then(
        () => true,
        () => false,
      ),
    ),
  );
  const docs = await chatsWith(
    deps.db,
    business.id,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    customers: page
      .filter((_, i) => reachable[i])
      .map((row) => {
        const conv = docs.get(row.id) ?? null;
        return {
          id: row.id,
          phone: row.phone,
          name: row.name,
          labels: conv ? (labelled.byConv.get(conv) ?? []) : [],
          doc: conv ? docName('conv', conv) : null,
        };
      }),
    next: more && last ? `${last.phone}~${last.id}` : null,
  };
}

/**
 * Starts (or reopens) the business's chat with `person`, the one way to (the customer-chat route
 * and broadcasts): the consent rule for a business starting a chat is asked every time, even when
 * the chat exists; it throws `not_delivered` with the rule's reason.
 */
export async function startCustomerChat(
  deps: CustomerDeps & ConversationDeps,
  business: Sender,
  person: Participant,
): Promise<string> {
  const self: Participant = { id: business.id, kind: 'business', name: business.name! };
  const mayStart = () => businessMayStart(deps.facts, deps.clock, business, person, firstMessage);
  await mayStart();
  return openConversation(deps, 'business', self, person, mayStart);
}

/** The people whose chat with the business carries the label `labelId`. */
export async function peopleLabelled(
  deps: CustomerDeps,
  businessId: string,
  labelId: string,
): Promise<Set<string>> {
  const { byConv } = await labelsOfChats(deps, businessId);
  const convIds = [...byConv].filter(([, ids]) => ids.includes(labelId)).map(([conv]) => conv);
  return new Set(await peopleOf(deps.db, businessId, convIds));
}

/** `%` and `_` typed by a person are letters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What a business may open a chat with: a utility template (the consent rules' own test). */
export const firstMessage = { kind: 'template', category: 'utility' } as const;

export const personOf = (row: { id: string; phone: string }): Participant => ({
  id: row.id,
  kind: 'person',
  phone: row.phone,
});

async function labelsOfChats(deps: CustomerDeps, businessId: string) {
  const inbox = await deps.facts.conversation(inboxDocName(businessId));
  return { names: readLabels(inbox), byConv: readChatLabels(inbox) };
}

/** The label ids a search asks for: its `label`, or the labels whose name holds its words. */
function wantedLabels(
  labels: Array<{ id: string; name: string }>,
  search: CustomerSearch,
): Set<string> | null {
  if (search.label !== undefined) return new Set([search.label]);
  if (!/\p{L}/u.test(search.q)) return null;
  const words = search.q.toLocaleLowerCase();
  return new Set(labels.filter((l) => l.name.toLocaleLowerCase().includes(words)).map((l) => l.id));
}

/** The people in these conversations of the business (a pair key is the two ids, sorted). */
async function peopleOf(db: Db, businessId: string, convIds: string[]): Promise<string[]> {
  if (convIds.length === 0) return [];
  const rows = await db
    .select({ pairKey: conversations.pairKey })
    .from(conversations)
    .where(inArray(conversations.id, convIds));
  return rows
    .map((r) => (r.pairKey ?? '').split('+'))
    .filter((pair) => pair.includes(businessId))
    .map((pair) => pair.find((id) => id !== businessId) ?? '')
    .filter((id) => id !== '');
}

/** Person id → the id of their conversation with the business. */
async function chatsWith(db: Db, businessId: string, people: string[]) {
  if (people.length === 0) return new Map<string, string>();
  const keys = new Map(people.map((id) => [[businessId, id].sort().join('+'), id]));
  const rows = await db
    .select({ id: conversations.id, pairKey: conversations.pairKey })
    .from(conversations)
    .where(inArray(conversations.pairKey, [...keys.keys()]));
  return new Map(rows.map((r) => [keys.get(r.pairKey ?? '') ?? '', r.id]));
}
