/**
 * Message actions in a business's figures: reactions, edits and deletions for everyone, sent (by
 * the business) or received (from the customer), per day, as rows of `stats_kinds` under the
 * kinds `reaction`, `edit` and `deletion` (the answer lists them apart, as `actions`). Each is
 * counted once: a fact row keyed by the action's own key (`decode.ts`) in `stats_messages`,
 * incoming and numbered 0 so that receipts never mark it delivered or read.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { dayIn } from '@souk/sync';
import type { Tx } from '../db/log-follower.ts';
import { docClients, statsMessages } from '../db/schema.ts';
import type { DecodedAction } from './decode.ts';
import type { StatsFacts } from './facts.ts';
import type { Tally } from './tally.ts';

export const actionKinds = ['reaction', 'edit', 'deletion'] as const;

export async function countActions(
  tx: Tx,
  facts: StatsFacts,
  head: string,
  businessId: string,
  actions: DecodedAction[],
  at: number,
  tally: Tally,
): Promise<void> {
  const clients = actions.flatMap((a) => (a.action === 'reaction' ? [a.client] : []));
  const owners =
    clients.length === 0
      ? []
      : await tx
          .select({ client: docClients.clientId, identity: docClients.identityId })
          .from(docClients)
          .where(and(eq(docClients.doc, head), inArray(docClients.clientId, clients)));
  const authorOf = (a: DecodedAction) => {
    if (a.action === 'edit') return a.edit.by;
    if (a.action === 'deletion') return a.message.author;
    return owners.find((o) => o.client === a.client)?.identity;
  };
  const zone = await facts.timezoneOf(tx, businessId);
  const whenOf = (a: DecodedAction) =>
    Math.min(a.action === 'reaction' ? a.at : a.action === 'edit' ? a.edit.at : at, at);
  const values = actions.map((a) => ({
    conv: head,
    id: a.key,
    businessId,
    outgoing: false,
    n: 0,
    day: dayIn(zone, whenOf(a)),
  }));
  const inserted = await tx.insert(statsMessages).values(values).onConflictDoNothing().returning();
  for (const fact of inserted) {
    const action = actions.find((a) => a.key === fact.id)!;
    const field = authorOf(action) === businessId ? 'sent' : 'received';
    tally.addKind(businessId, fact.day, action.action, field);
  }
}
