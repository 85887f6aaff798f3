/**
 * Webhook events of a customer's message actions (docs/actions.ts), from one committed row:
 * `message.reaction` (the customer set, changed or removed a reaction), `message.edited` (new
 * text of their message) and `message.deleted` (deleted for everyone: only the stub is left).
 * Each is queued under a key that is the same in every process (the Yjs item id, the message id).
 * A reaction's map key may be left out of its update (a changed value has a left neighbour), so
 * it is found in the document as of that row; a reaction changed again since may be collected
 * by then (compaction), and only the later one is told. A snapshot (`createdAt` 0) may stand for
 * rows not handled yet (a compaction folds rows committed after the stretch being read; a
 * deletion's purge only once this consumer has read what it removes): its actions younger than
 * the delivery log's memory (`since`, whose keys still dedupe) count from it.
 */
import * as Y from 'yjs';
import { conversationParts, parseReactionKey, type Participant } from '@souk/sync';
import type { Db } from '../db/open.ts';
import type { LogRow } from '../db/committed-log.ts';
import type { DecodedAction } from '../stats/decode.ts';
import { readDocAt } from '../stats/facts.ts';
import type { WebhookService } from './webhook-service.ts';

export async function actionEvents(
  db: Db,
  webhooks: WebhookService,
  row: LogRow,
  business: Participant,
  customer: Participant,
  actions: DecodedAction[],
  since: number,
): Promise<void> {
  if (actions.length === 0) return;
  const from = customer.phone ?? null;
  const enqueue = (
    key: string,
    type: 'message.reaction' | 'message.edited' | 'message.deleted',
    data: Record<string, unknown>,
  ) => webhooks.enqueue(business.id, key, type, { from, ...data });
  let doc: Y.Doc | null = null;
  for (const action of actions) {
    if (action.action === 'edit' && action.edit.by === customer.id && action.edit.at >= since)
      await enqueue(action.key, 'message.edited', {
        messageId: action.edit.id,
        text: action.edit.text,
        at: action.edit.at,
      });
    const deletion = action.action === 'deletion' ? action.message : null;
    if (deletion?.author === customer.id && (deletion as { deleted: number }).deleted >= since)
      await enqueue(action.key, 'message.deleted', { messageId: deletion.id });
    if (action.action !== 'reaction' || action.at < since) continue;
    doc ??= await readDocAt(db, row.doc, row.seq);
    const found = reactionAt(doc, action.key);
    if (found?.person === customer.id)
      await enqueue(action.key, 'message.reaction', {
        messageId: found.message,
        emoji: found.emoji,
        at: action.at,
      });
  }
  doc?.destroy();
}

/** The key and emoji of the reaction stored in the item `reaction:<client>:<clock>`. */
function reactionAt(doc: Y.Doc, key: string) {
  const [, client, clock] = key.split(':').map(Number);
  for (const [mapKey, item] of conversationParts(doc).reactions._map) {
    if (item.id.client !== client || item.id.clock !== clock || item.deleted) continue;
    const parsed = parseReactionKey(mapKey);
    const value = item.content.getContent()[0] as { emoji?: unknown };
    return parsed
      ? { ...parsed, emoji: typeof value?.emoji === 'string' ? value.emoji : null }
      : null;
  }
  return null;
}
