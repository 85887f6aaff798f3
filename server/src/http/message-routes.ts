/**
 * A message's routes (sync/src/contract/routes/messages.ts):
 * - its info: for its author only, when the server stored it (its receive time) and, per other
 *   participant, when the server first stored their receipt reaching it (submit/receipt-times.ts);
 * - sharing a chat upload into another chat of the caller's, for a forwarded copy to name it.
 * Who asks is checked before anything about the message or the media is looked at, so someone
 * outside a chat learns nothing of what it holds.
 */
import { Hono } from 'hono';
import type * as Y from 'yjs';
import {
  epochDocName,
  findMessages,
  messageRoutes,
  parseDocName,
  readEpoch,
  readParticipants,
  receivedAt,
  SoukError,
  type Located,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { MediaService } from '../business/media-service.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import { receiptTimesOf } from '../submit/receipt-times.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

export interface MessageRouteDeps {
  db: Db;
  store: DocStore;
  media: MediaService;
  gate: BusinessGate;
}

export function messageInfoRoutes(deps: MessageRouteDeps) {
  const routes = new Hono<Env>();
  register(routes, messageRoutes.messageInfo, async (c, { params }) => {
    const me = requireSession(c).identity.id;
    const { chat = '', id = '' } = params;
    const head = `conv:${chat}`;
    const members = parseDocName(head) ? await deps.store.members(head) : new Set<string>();
    if (!members.has(me)) throw SoukError.refusal('forbidden', { code: 'not_readable' });
    const { docs, found } = await locate(deps.store, head, id);
    try {
      if (!found) throw SoukError.refusal('not_found', { code: 'no_such_message' });
      if (found.message.author !== me) throw SoukError.refusal('forbidden', { code: 'not_author' });
      const others = readParticipants(docs[0]!).filter((p) => p.id !== me);
      const recipients = [];
      for (const { id } of others)
        recipients.push({ id, ...(await receiptTimesOf(deps.db, head, id, found.message.n)) });
      return { id, sentAt: receivedAt(docs, found) ?? null, recipients };
    } finally {
      for (const doc of docs) doc?.destroy();
    }
  });
  register(routes, messageRoutes.shareMedia, async (c, { params, body }) => {
    const identity = requireSession(c).identity;
    const { id = '' } = params;
    if (identity.kind === 'business') await requireBusinessGate(deps.gate, identity.id);
    if (!(await deps.media.membership.isMember(body.chat, identity.id)))
      throw SoukError.refusal('forbidden', { code: 'not_a_member' });
    if (!(await deps.media.membership.memberSees(id, [identity.id])))
      throw SoukError.refusal('forbidden', {
        code: 'foreign_media',
        details: { media: id },
      });
    await deps.media.membership.link(id, body.chat);
    return { media: id };
  });
  return routes;
}

/** The conversation's documents read so far (by epoch, newest first) and where the message is. */
async function locate(store: DocStore, head: string, id: string) {
  const docs: Y.Doc[] = [await store.copy(head)];
  let found: Located | undefined;
  for (let epoch = readEpoch(docs[0]!); epoch >= 0 && !found; epoch--) {
    docs[epoch] ??= await store.copy(epochDocName(head, epoch));
    const only: Y.Doc[] = [];
    only[epoch] = docs[epoch]!;
    found = findMessages(only, id)[0];
  }
  return { docs, found };
}
