/**
 * Broadcasts: one template message to each of a business's customers (or those whose chat has a
 * label), each built as the business's Yjs update and submitted exactly as if the business's own
 * app had sent it over sync (submit/submit.ts: business gate, template check and consent rules,
 * validator, commit) — so a broadcast can reach nobody the rules would not let a single message
 * reach. Every message carries the broadcast's id, which statistics count as its funnel.
 * Before sending, `audience` counts the chats addressed and those the same consent rules would
 * let it reach now; with a key, a broadcast sends once however often it is asked (broadcast-keys.ts).
 */
import * as Y from 'yjs';
import { and, eq, like } from 'drizzle-orm';
import {
  appendTemplate,
  epochDocName,
  inboxDocName,
  inboxParts,
  randomId,
  readEpoch,
  readParticipants,
  SoukError,
  templateMessageReason,
  type Actor,
  type Message,
  type BroadcastAudience,
  type BroadcastAudienceRequest,
  type BroadcastRecipientResult,
  type BroadcastRequest,
  type BroadcastResult,
  type Template,
  type TemplateMessage,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { docMembers } from '../db/schema.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { ServerWrite } from '../submit/submit.ts';
import type { Clock } from '../clock.ts';
import type { DeliveryJudge } from '../consent/delivery-gate.ts';
import type { TemplateService } from './template-service.ts';
import { BroadcastKeys } from './broadcast-keys.ts';

const everything = Y.encodeStateVector(new Y.Doc());

export class BroadcastService {
  private readonly keys: BroadcastKeys;

  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
    private readonly templates: TemplateService,
    private readonly write: ServerWrite,
    private readonly clock: Clock,
    private readonly judge: DeliveryJudge,
  ) {
    this.keys = new BroadcastKeys(db, clock);
  }

  /** Whom it would reach: each addressed chat judged by the consent rules, nothing written. */
  async audience(
    businessId: string,
    request: BroadcastAudienceRequest,
  ): Promise<BroadcastAudience> {
    const template = await this.template(businessId, request);
    const heads = await this.conversations(businessId, request.label);
    let chats = 0;
    let reachable = 0;
    for (const head of heads) {
      const headDoc = await this.copy(head);
      if (!readParticipants(headDoc).some((p) => p.kind === 'person')) continue;
      chats++;
      const name = epochDocName(head, readEpoch(headDoc));
      const verdict = await this.judge(name, [this.sample(businessId, template)], {
        id: businessId,
        kind: 'business',
      });
      if (verdict.ok) reachable++;
    }
    return { chats, reachable };
  }

  /** A message of this template as the rules see it (only its kind and category count). */
  private sample(businessId: string, template: Template): TemplateMessage {
    return {
      id: randomId(),
      author: businessId,
      n: 1,
      at: this.clock.now(),
      kind: 'template',
      template: template.name,
      version: template.version,
      category: template.category,
      params: {},
      fallback: template.name,
    };
  }

  async send(businessId: string, request: BroadcastRequest): Promise<BroadcastResult> {
    const template = await this.template(businessId, request);
    // Refused once for everyone rather than once per customer (the submit path checks it too).
    const reason = templateMessageReason(request, template);
    if (reason) throw SoukError.refusal('bad_request', { code: reason });
    const { key } = request;
    if (key === undefined) return this.sendAll(businessId, template, request);
    return this.keys.once(businessId, { ...request, key }, () =>
      this.sendAll(businessId, template, request),
    );
  }

  private async sendAll(
    businessId: string,
    template: Template,
    request: BroadcastRequest,
  ): Promise<BroadcastResult> {
    const broadcast = randomId();
    const results: BroadcastRecipientResult[] = [];
    for (const head of await this.conversations(businessId, request.label)) {
      const result = await this.sendOne(businessId, head, template, request, broadcast);
      if (result) results.push(result);
    }
    const sent = results.filter((r) => r.status === 'sent').length;
    return {
      broadcast,
      template: template.name,
      version: template.version,
      sent,
      refused: results.length - sent,
      results,
    };
  }

  private async template(businessId: string, request: BroadcastAudienceRequest): Promise<Template> {
    const template = request.version
      ? await this.templates.get(businessId, request.template, request.version)
      : (await this.templates.latest(businessId)).find((t) => t.name === request.template);
    if (!template) throw new SoukError('not_found', 'No published template with that name.');
    return template;
  }

  /** The heads of the business's customer conversations, optionally only those with `label`. */
  private async conversations(businessId: string, label?: string): Promise<string[]> {
    const rows = await this.db
      .select({ doc: docMembers.doc })
      .from(docMembers)
      .where(and(eq(docMembers.identityId, businessId), like(docMembers.doc, 'conv:%')));
    const heads = rows.map((r) => r.doc).filter((doc) => !doc.includes('~'));
    if (!label) return heads.sort();
    const inbox = await this.copy(inboxDocName(businessId));
    const labelled = inboxParts(inbox).chatLabels;
    return heads.filter((head) => labelled.get(`${head.slice('conv:'.length)}/${label}`)).sort();
  }

  private async copy(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await this.store.diff(name, everything)).update);
    return doc;
  }

  private async sendOne(
    businessId: string,
    head: string,
    template: Template,
    request: BroadcastRequest,
    broadcast: string,
  ): Promise<BroadcastRecipientResult | null> {
    const headDoc = await this.copy(head);
    const person = readParticipants(headDoc).find((p) => p.kind === 'person');
    if (!person) return null;
    const epoch = readEpoch(headDoc);
    const name = epochDocName(head, epoch);
    const earlier = epoch > 0 ? [await this.copy(epochDocName(head, epoch - 1))] : [];
    const base = { conversation: head, personId: person.id, phone: person.phone ?? null };
    const actor: Actor = { id: businessId, kind: 'business' };
    const { result, value: message } = await this.write(name, actor, (current): Message => {
      try {
        return appendTemplate(current, businessId, template, request.params, this.clock.now(), {
          earlier,
          language: request.language,
          broadcast,
        });
      } catch {
        throw new SoukError('bad_request', 'The parameters do not fit this template.');
      }
    });
    if (result.kind === 'refused') {
      return { ...base, status: 'refused', reason: result.reason, message: result.message };
    }
    return { ...base, status: 'sent', messageId: message.id };
  }
}
