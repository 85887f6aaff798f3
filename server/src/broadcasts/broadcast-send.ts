/**
 * Sends a broadcast to one customer, the way every message enters a chat. Their chat is started
 * (or reopened) by `startCustomerChat`, the customer-chat route's own path and consent rule; the
 * message is the business's template, built as its Yjs update and submitted through the submit
 * path (business gate, template check and consent rules, validator, commit). The customer's row
 * turns `sent` in the transaction that commits the message (`alsoCommit`): a crash before the
 * commit leaves them `pending` and nothing sent, after it leaves them `sent` — so a resumed job
 * sends to nobody twice. Should two runners ever reach the same customer, the second finds the
 * row already sent and its commit is rolled back.
 */
import { and, eq, inArray } from 'drizzle-orm';
import {
  appendTemplate,
  epochDocName,
  readEpoch,
  SoukError,
  type ReasonCode,
  type Template,
  type TemplateMessage,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { broadcastRecipients } from '../db/schema.ts';
import type { Tx } from '../sync/doc-storage.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { ServerWrite } from '../submit/submit.ts';
import type { Clock } from '../clock.ts';
import type { ConsentFacts } from '../consent/consent-facts.ts';
import { personOf, startCustomerChat, type Sender } from '../business/customers.ts';

export interface SendDeps {
  db: Db;
  store: DocStore;
  write: ServerWrite;
  facts: ConsentFacts;
  clock: Clock;
}

export interface SendingJob {
  id: string;
  business: Sender;
  template: Template;
  language: string | null;
}

export interface RecipientRow {
  seq: number;
  personId: string;
  phone: string;
  params: Record<string, string>;
}

export async function sendToRecipient(
  deps: SendDeps,
  job: SendingJob,
  r: RecipientRow,
): Promise<void> {
  let head: string;
  try {
    head = await startCustomerChat(
      deps,
      job.business,
      personOf({ id: r.personId, phone: r.phone }),
    );
  } catch (error) {
    if (!(error instanceof SoukError) || error.kind !== 'not_delivered') throw error;
    const reason = (error.details?.reason as ReasonCode | undefined) ?? 'not_opted_in';
    return markRefused(deps, job.id, r.seq, null, reason);
  }
  const epoch = readEpoch(await deps.store.copy(head));
  const current = epochDocName(head, epoch);
  const earlier = epoch > 0 ? [await deps.store.copy(epochDocName(head, epoch - 1))] : [];
  const actor = { id: job.business.id, kind: 'business' } as const;
  const build = (doc: Parameters<Parameters<ServerWrite>[2]>[0]): TemplateMessage | null => {
    try {
      return appendTemplate(doc, actor.id, job.template, r.params, deps.clock.now(), {
        earlier,
        broadcast: job.id,
        ...(job.language ? { language: job.language } : {}),
      });
    } catch {
      return null; // the values do not fit the template: nothing written, refused below
    }
  };
  const { result, value } = await deps.write(current, actor, build, {
    alsoCommit: (message) => async (tx) => {
      if (message) await markSent(tx, { broadcastId: job.id, seq: r.seq }, head, message);
    },
  });
  if (!value) return markRefused(deps, job.id, r.seq, head, 'invalid_message');
  if (result.kind === 'refused') return markRefused(deps, job.id, r.seq, head, result.reason);
}

async function markSent(
  tx: Tx,
  { broadcastId, seq }: { broadcastId: string; seq: number },
  conversation: string,
  message: TemplateMessage,
): Promise<void> {
  const r = broadcastRecipients;
  const marked = await tx
    .update(r)
    .set({ status: 'sent', conversation, messageId: message.id, at: message.at })
    .where(
      and(
        eq(r.broadcastId, broadcastId),
        eq(r.seq, seq),
        inArray(r.status, ['pending', 'cancelled']),
      ),
    )
    .returning({ seq: r.seq });
  if (marked.length === 0)
    throw new Error(`broadcast ${broadcastId}: recipient ${seq} was sent already`);
}

async function markRefused(
  { db, clock }: SendDeps,
  broadcastId: string,
  seq: number,
  conversation: string | null,
  reason: ReasonCode,
): Promise<void> {
  const r = broadcastRecipients;
  await db
    .update(r)
    .set({ status: 'refused', conversation, reason, at: clock.now() })
    .where(and(eq(r.broadcastId, broadcastId), eq(r.seq, seq), eq(r.status, 'pending')));
}
