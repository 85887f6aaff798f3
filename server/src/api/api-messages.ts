/**
 * `POST /api/v1/messages`: a business's server sends a template (or, inside the customer's
 * 24-hour window, a text) to a customer by phone number. Every rule of the app applies: the
 * business gate (terms, suspension), then the message — a template genuine by construction and
 * checked like any other (checkTemplateMessage) — is built as the business's Yjs update into the
 * conversation's current epoch and goes through the submit path (submit/submit.ts): the consent
 * rules, the template check and the validator, as if the business's app had sent it. It carries
 * the API's message id, so the status (`GET /api/v1/messages/:id`) and webhooks name it.
 *
 * Idempotency: a request with an `Idempotency-Key` first claims (business, key) with a pending
 * row; a retry gets the original answer (same id), a retry with a different body is a conflict,
 * and a retry while the first is still running is told to wait. A refusal frees the key, so a
 * retry after the facts changed (the customer opted in) is judged again. A pending row left by a
 * crash is taken over after a minute.
 */
import * as Y from 'yjs';
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import {
  conversationParts,
  epochDocName,
  contentOfMessage,
  isEverydayMessage,
  nextMessageNumber,
  outgoingKindOf,
  randomId,
  readEpoch,
  SoukError,
  toE164,
  type ApiMessage,
  type Message,
  type Participant,
  type SendMessage,
  type Template,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { apiMessages } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Consent } from '../consent/consent.ts';
import type { ServerWrite, SubmitResult } from '../submit/submit.ts';
import { businessMayStart, openConversation } from '../submit/conversations.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import type { TemplateService } from '../templates/template-service.ts';
import type { WebhookService } from '../webhooks/webhook-service.ts';
import type { ApiCaller } from './api-keys.ts';
import type { MessageStatus } from './message-status.ts';
import type { RecordRefusal } from '../stats/refusals.ts';
import { apiKindOf, buildMessage } from './build-message.ts';
import { view, type Row } from './message-status.ts';
import type { ApiMedia } from './api-media.ts';
import { apiReply } from './api-actions.ts';

export interface ApiMessageDeps {
  db: Db;
  clock: Clock;
  store: DocStore;
  write: ServerWrite;
  auth: AuthService;
  consent: Consent;
  gate: BusinessGate;
  templates: TemplateService;
  webhooks: WebhookService;
  status: MessageStatus;
  recordRefusal?: RecordRefusal;
  /** Media by URL (api-media.ts); without it such a request is refused. */
  media?: ApiMedia;
}

const emptyStateVector = Y.encodeStateVector(new Y.Doc());
const abandonedAfterMs = 60_000;

export class ApiMessages {
  constructor(private readonly deps: ApiMessageDeps) {}

  async send(
    caller: ApiCaller,
    body: SendMessage,
    idempotencyKey: string,
  ): Promise<{ message: ApiMessage; replayed: boolean }> {
    const { db, clock } = this.deps;
    const businessId = caller.businessId;
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    if (idempotencyKey) {
      const replay = await this.replay(businessId, idempotencyKey, requestHash);
      if (replay) return { message: replay, replayed: true };
    }
    await requireBusinessGate(this.deps.gate, businessId);
    const phone = toE164(body.to);
    if (!phone) throw new SoukError('bad_request', 'to is not a phone number.', { path: 'to' });
    const template = body.template ? await this.template(businessId, body) : null;

    const id = randomId();
    const inserted = await db
      .insert(apiMessages)
      .values({
        id,
        businessId,
        keyId: caller.keyId,
        idempotencyKey,
        requestHash,
        status: 'pending',
        to: phone,
        kind: apiKindOf(body),
        template: template?.name ?? '',
        createdAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: apiMessages.id });
    if (inserted.length === 0) {
      const replay = await this.replay(businessId, idempotencyKey, requestHash);
      if (replay) return { message: replay, replayed: true };
      throw new SoukError('conflict', 'A request with this Idempotency-Key is in progress.');
    }
    try {
      return {
        message: await this.deliver(id, businessId, phone, body, template),
        replayed: false,
      };
    } catch (error) {
      await db.delete(apiMessages).where(eq(apiMessages.id, id));
      if (error instanceof SoukError && error.kind === 'not_delivered') {
        const reason = String(error.details?.reason ?? '');
        // The submit path's delivery gate counted its own refusals already.
        if (!countedRefusals.has(error))
          await this.deps.recordRefusal?.({ businessId, reason, at: clock.now() });
        await this.deps.webhooks.enqueue(businessId, `refused:${id}`, 'message.refused', {
          to: phone,
          kind: apiKindOf(body),
          ...(template ? { template: template.name } : {}),
          reason: error.details?.reason,
          message: error.message,
        });
      }
      throw error;
    }
  }

  async get(businessId: string, id: string): Promise<ApiMessage> {
    const [row] = await this.deps.db
      .select()
      .from(apiMessages)
      .where(and(eq(apiMessages.id, id), eq(apiMessages.businessId, businessId)));
    if (!row || row.status === 'pending') throw new SoukError('not_found', 'No such message.');
    return view(row);
  }

  /** The earlier answer to this key, or null to go ahead; throws on a mismatch or a running one. */
  private async replay(businessId: string, key: string, hash: string): Promise<ApiMessage | null> {
    const t = apiMessages;
    const [row] = await this.deps.db
      .select()
      .from(t)
      .where(and(eq(t.businessId, businessId), eq(t.idempotencyKey, key)));
    if (!row) return null;
    if (row.requestHash !== hash)
      throw new SoukError('conflict', 'This Idempotency-Key was used for a different request.', {
        reason: 'idempotency_mismatch',
      });
    if (row.status !== 'pending') return view(row);
    const abandoned = await this.deps.db
      .delete(t)
      .where(and(eq(t.id, row.id), lt(t.createdAt, this.deps.clock.now() - abandonedAfterMs)))
      .returning({ id: t.id });
    if (abandoned.length > 0) return null;
    throw new SoukError('conflict', 'A request with this Idempotency-Key is in progress.', {
      reason: 'in_progress',
    });
  }

  private async template(businessId: string, body: SendMessage): Promise<Template> {
    const wanted = body.template!;
    const template = (await this.deps.templates.latest(businessId)).find(
      (t) => t.name === wanted.name,
    );
    if (!template)
      throw new SoukError('not_found', `No published template named ${wanted.name}.`, {
        reason: 'template_not_found',
      });
    if (wanted.language !== 'auto' && !Object.hasOwn(template.translations, wanted.language))
      throw new SoukError('bad_request', `The template has no ${wanted.language} translation.`, {
        reason: 'language',
      });
    return template;
  }

  private async deliver(
    id: string,
    businessId: string,
    phone: string,
    body: SendMessage,
    template: Template | null,
  ): Promise<ApiMessage> {
    const { clock, consent } = this.deps;
    const person = await this.deps.auth.findPerson(phone);
    if (!person)
      throw new SoukError('not_on_souk', "This number isn't on Souk.", { reason: 'not_on_souk' });
    const business = await consent.facts.business(businessId);
    if (!business) throw new SoukError('forbidden', 'Register your business first.');
    const now = clock.now();
    // Media by URL is fetched first: the message names its id, sniffed type and size.
    const fetched = await this.deps.media?.fetch(body);
    let head: string, message: Message, n: number;
    try {
      message = buildMessage(id, businessId, fetched?.body ?? body, template, now);
      const self: Participant = { id: business.id, kind: 'business', name: business.name };
      const customer: Participant = { id: person.id, kind: 'person', phone: person.phone };
      // Only a template may start a conversation, to a person who opted in (as in the app).
      head = await openConversation(this.deps, 'business', self, customer, () =>
        businessMayStart(
          consent.facts,
          clock,
          { ...self, suspended: business.suspended },
          customer,
          outgoingKindOf(message),
        ),
      );
      if (fetched) await this.deps.media!.adopt(fetched, businessId, head);
      const reply = body.replyTo
        ? { reply: await apiReply(this.deps.store, head, body.replyTo) }
        : {};
      const epoch = readEpoch(await this.read(head));
      const current = epochDocName(head, epoch);
      const earlier = epoch > 0 ? [await this.read(epochDocName(head, epoch - 1))] : [];
      const { result, value: sent } = await this.deps.write(
        current,
        { id: businessId, kind: 'business' },
        (doc) => {
          const n = nextMessageNumber([doc, ...earlier], businessId);
          conversationParts(doc).messages.push([{ ...message, ...reply, n } as Message]);
          return n;
        },
      );
      if (result.kind === 'refused') throw refusalError(result);
      n = sent;
    } catch (error) {
      if (fetched) await this.deps.media!.discard(fetched);
      throw error;
    }
    const t = apiMessages;
    const [row] = await this.deps.db
      .update(t)
      .set({ status: 'sent', conv: head, n, sentAt: now })
      .where(eq(t.id, id))
      .returning();
    await this.deps.webhooks.enqueue(businessId, `sent:${id}`, 'message.sent', {
      messageId: id,
      to: phone,
      kind: message.kind,
      ...(template ? { template: template.name, version: template.version } : {}),
      ...(isEverydayMessage(message) ? { [message.kind]: contentOfMessage(message) } : {}),
    });
    // A device may have received and read it already.
    await this.deps.status.refresh(head);
    return view((await this.row(id)) ?? row!);
  }

  private async read(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await this.deps.store.diff(name, emptyStateVector)).update);
    return doc;
  }

  private async row(id: string): Promise<Row | undefined> {
    const [row] = await this.deps.db.select().from(apiMessages).where(eq(apiMessages.id, id));
    return row;
  }
}

/** Refusals the delivery gate gave, and so counted in the statistics itself. */
const countedRefusals = new WeakSet<Error>();

/** A refused submit as the API answers it: the business gate's, the rules', the validator's. */
export function refusalError(result: Extract<SubmitResult, { kind: 'refused' }>): SoukError {
  switch (result.stage) {
    case 'business':
      return new SoukError('forbidden', result.message, { reason: result.reason });
    case 'consent': {
      const error = new SoukError('not_delivered', result.message, { reason: result.reason });
      countedRefusals.add(error);
      return error;
    }
    case 'validator':
      return new SoukError('refused_update', result.message, { reason: result.reason });
  }
}
