/**
 * One socket of the y-websocket door (docs/yjs.md): one document, the identity its token named.
 * On open the server sends its sync step 1 and the document's awareness; then
 * - sync step 1 → step 2 (what the client lacks, cut into frames within the limits);
 * - step 2 / update → the one submit path (business gate, consent, validator, commit), exactly as
 *   an update on /sync; a refusal is answered with y-protocols' `permission-denied`, its reason the
 *   JSON `{kind, code, details?}`, and nothing is stored or forwarded (the fan-out sends what
 *   committed, from either door, to every socket of the document);
 * - awareness → bounded (yjs-awareness-budget.ts), filtered by client id, relayed (yjs-room.ts);
 * - query awareness → every state the room holds.
 * Frames run strictly in order; the inbound queue, outbound buffer and refusals are bounded by the
 * same guard as /sync sockets.
 */
import * as syncProtocol from 'y-protocols/sync';
import { closeCodes, type ErrorKind, type Reason } from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { SocketHandlers, SyncSocket } from '../sync/connection.ts';
import { SocketGuard, type SocketLimits } from '../sync/socket-guard.ts';
import { framedMessages, syncMessage } from '../sync/sync-messages.ts';
import { mayRead } from '../sync/access.ts';
import type { Submitter } from '../submit/submit.ts';
import { refusalKinds } from '../submit/refusal-kinds.ts';
import type { YjsGrant } from './yjs-tokens.ts';
import { readAwarenessEntries } from './awareness-entries.ts';
import { AwarenessBudget, type AwarenessLimits } from './yjs-awareness-budget.ts';
import type { YjsRoom } from './yjs-room.ts';
import {
  awarenessFrame,
  permissionDeniedFrame,
  readYjsMessage,
  syncFrame,
} from './yjs-messages.ts';

export interface YjsContext {
  store: DocStore;
  submit: Submitter;
  logger: Logger;
  socketLimits: SocketLimits;
  awarenessLimits: AwarenessLimits;
  now(): number;
  closed(connection: YjsConnection): void;
}

export class YjsConnection implements SocketHandlers {
  private inbox: Promise<void> = Promise.resolve();
  private readonly guard: SocketGuard;
  private readonly budget: AwarenessBudget;
  readonly logger: Logger;

  constructor(
    private readonly socket: SyncSocket,
    readonly grant: YjsGrant,
    private readonly room: YjsRoom<YjsConnection>,
    private readonly context: YjsContext,
  ) {
    this.logger = context.logger.child({ identity: grant.actor.id, doc: room.doc });
    this.guard = new SocketGuard(socket, context.socketLimits, (code, reason) =>
      this.logger.warn({ code, reason }, 'yjs socket closed: over its limits'),
    );
    this.budget = new AwarenessBudget(context.awarenessLimits, context.now);
    this.enqueue(() => this.start());
  }

  get identity(): string {
    return this.grant.actor.id;
  }

  get doc(): string {
    return this.room.doc;
  }

  sendFrame(frame: Uint8Array<ArrayBuffer>): void {
    if (this.socket.readyState === 1 && this.guard.maySend()) this.socket.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState <= 1) this.socket.close(code, reason);
  }

  message(data: string | ArrayBuffer | Uint8Array): void {
    if (typeof data === 'string') return this.close(closeCodes.malformed, 'binary frames only');
    const frame = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (!this.guard.arrived(frame.byteLength)) return;
    this.enqueue(() => this.handle(frame)).finally(() => this.guard.handled(frame.byteLength));
  }

  closed(): void {
    this.room.leave(this);
    this.context.closed(this);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.inbox = this.inbox.then(task).catch((error: unknown) => {
      this.logger.error({ err: error }, 'yjs frame failed');
      this.deny('internal', { code: 'server_error' });
    });
    return this.inbox;
  }

  /** The document may still be opened (membership can change after the token); then hello. */
  private async start(): Promise<void> {
    if (!(await mayRead(this.context.store, this.doc, this.grant.actor))) {
      this.deny('forbidden', { code: 'not_readable' });
      this.close(closeCodes.signedOut, 'not_readable');
      return;
    }
    // Closed meanwhile (a revoked session): its `closed()` ran already, so it must not join.
    if (this.socket.readyState !== 1) return;
    this.room.sockets.add(this);
    const stateVector = await this.context.store.stateVector(this.doc);
    this.sendFrame(syncFrame(syncMessage(syncProtocol.messageYjsSyncStep1, stateVector)));
    const awareness = this.room.current();
    if (awareness) this.sendFrame(awarenessFrame(awareness));
  }

  private async handle(frame: Uint8Array): Promise<void> {
    if (!this.room.sockets.has(this)) return;
    const message = readYjsMessage(frame);
    if (!message) {
      this.deny('bad_request', { code: 'malformed_frame', details: { problem: 'message' } });
      this.close(closeCodes.malformed, 'malformed message');
      return;
    }
    if (message.type === 'sync') return this.sync(message.step, message.payload);
    if (message.type === 'awareness') return this.awareness(message.update);
    if (message.type === 'query-awareness') {
      const awareness = this.room.current();
      if (awareness) this.sendFrame(awarenessFrame(awareness));
    }
  }

  private async sync(step: number, payload: Uint8Array): Promise<void> {
    if (step === syncProtocol.messageYjsSyncStep1) {
      let diff;
      try {
        diff = await this.context.store.diff(this.doc, payload);
      } catch {
        this.deny('bad_request', { code: 'malformed_frame', details: { problem: 'state vector' } });
        return;
      }
      for (const body of framedMessages(diff.update, syncProtocol.messageYjsSyncStep2))
        this.sendFrame(syncFrame(body));
      return;
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
      this.deny('bad_request', { code: 'malformed_frame', details: { problem: 'sync type' } });
      return;
    }
    const result = await this.context.submit.submit({
      doc: this.doc,
      update: payload,
      actor: this.grant.actor,
      origin: this,
    });
    if (result.kind !== 'refused') return;
    this.logger.info({ stage: result.stage, reason: result.reason }, 'yjs update refused');
    this.deny(refusalKinds[result.stage], { code: result.reason, details: result.details });
  }

  private async awareness(update: Uint8Array): Promise<void> {
    const verdict = this.budget.take(update.byteLength);
    if (verdict === 'close') {
      this.logger.warn('yjs socket closed: awareness flood');
      this.close(closeCodes.flood, 'awareness flood');
      return;
    }
    const entries = verdict === 'ok' ? readAwarenessEntries(update) : null;
    if (!entries) return; // oversized, over the rate, or malformed: dropped
    await this.room.announce(this, entries);
  }

  /** y-protocols' permission-denied with the reason code; counts against the refusal budget. */
  private deny(kind: ErrorKind, reason: Reason): void {
    if (kind !== 'internal') this.guard.refused();
    const { code, details } = reason as { code: string; details?: Record<string, unknown> };
    this.sendFrame(permissionDeniedFrame({ kind, code, ...(details ? { details } : {}) }));
  }
}
