/**
 * The Business API's message actions: react to a message of a conversation with a customer
 * (`POST /api/v1/reactions`), delete for everyone a message the business sent through the API
 * (`DELETE /api/v1/messages/:id`), and the quote of a reply (`replyTo` when sending). Each is
 * built with the devices' helpers (sync/src/docs/actions.ts) as the business's Yjs update into
 * the conversation's current epoch and goes through the submit path: the business gate, the
 * consent rules (a reaction follows the 24-hour window like a message) and the validator.
 */
import * as Y from 'yjs';
import { and, eq } from 'drizzle-orm';
import {
  refusalError as soukRefusal,
  ActionRefused,
  deleteOwnMessage,
  epochDocName,
  messageOf,
  react,
  readEpoch,
  replyTo,
  SoukError,
  toE164,
  type ApiDeleted,
  type ApiReaction,
  type React,
  type Reply,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { apiMessages } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { ServerWrite } from '../submit/submit.ts';
import { findConversation } from '../submit/conversations.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import type { ApiCaller } from './api-keys.ts';
import { refusalError } from './api-messages.ts';

export interface ApiActionDeps {
  db: Db;
  clock: Clock;
  store: DocStore;
  write: ServerWrite;
  auth: AuthService;
  gate: BusinessGate;
}

const emptyStateVector = Y.encodeStateVector(new Y.Doc());

/** A conversation's documents, head first, as the store holds them now. */
export async function conversationDocs(store: DocStore, head: string): Promise<Y.Doc[]> {
  const read = async (name: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await store.diff(name, emptyStateVector)).update);
    return doc;
  };
  const docs = [await read(head)];
  for (let epoch = 1; epoch <= readEpoch(docs[0]!); epoch++)
    docs.push(await read(epochDocName(head, epoch)));
  return docs;
}

/** The quote of a reply sent through the API: 400 `reply_not_found` for a foreign id. */
export async function apiReply(store: DocStore, head: string, id: string): Promise<Reply> {
  try {
    return replyTo(await conversationDocs(store, head), id);
  } catch (error) {
    if (!(error instanceof ActionRefused)) throw error;
    throw new SoukError('bad_request', messageOf({ code: 'reply_not_found' }), {
      reason: 'reply_not_found',
      path: 'replyTo',
    });
  }
}

export class ApiActions {
  constructor(private readonly deps: ApiActionDeps) {}

  async react(caller: ApiCaller, body: React): Promise<ApiReaction> {
    const { businessId } = caller;
    await requireBusinessGate(this.deps.gate, businessId);
    const phone = toE164(body.to);
    if (!phone) throw new SoukError('bad_request', 'to is not a phone number.', { path: 'to' });
    const person = await this.deps.auth.findPerson(phone);
    if (!person)
      throw new SoukError('not_on_souk', "This number isn't on Souk.", { reason: 'not_on_souk' });
    const head = await findConversation(this.deps.db, businessId, person.id);
    if (!head) throw new SoukError('not_found', 'No conversation with this customer.');
    const at = this.deps.clock.now();
    await this.act(head, businessId, (docs) =>
      react(docs, body.message, businessId, body.emoji, at),
    );
    return { message: body.message, emoji: body.emoji, at };
  }

  async remove(caller: ApiCaller, id: string): Promise<ApiDeleted> {
    const { businessId } = caller;
    await requireBusinessGate(this.deps.gate, businessId);
    const t = apiMessages;
    const [row] = await this.deps.db
      .select({ conv: t.conv, status: t.status })
      .from(t)
      .where(and(eq(t.id, id), eq(t.businessId, businessId)));
    if (!row?.conv || row.status === 'pending')
      throw new SoukError('not_found', 'No such message.');
    const at = this.deps.clock.now();
    await this.act(row.conv, businessId, (docs) => deleteOwnMessage(docs, id, businessId, at));
    return { id, deletedAt: at };
  }

  /** Builds the action on the current epoch (with the earlier ones beside it) and submits it. */
  private async act(head: string, businessId: string, build: (docs: Y.Doc[]) => unknown) {
    const docs = await conversationDocs(this.deps.store, head);
    const epoch = readEpoch(docs[0]!);
    try {
      // Checked on the copies first, so a refusal is the rule's code, not a failed write.
      build(docs.map((d) => cloneDoc(d)));
    } catch (error) {
      if (!(error instanceof ActionRefused)) throw error;
      throw soukRefusal('refused_update', { code: error.code });
    }
    const actor = { id: businessId, kind: 'business' } as const;
    const { result } = await this.deps.write(epochDocName(head, epoch), actor, (doc) => {
      docs[epoch] = doc;
      build(docs);
    });
    if (result.kind === 'refused') throw refusalError(result);
  }
}

function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
