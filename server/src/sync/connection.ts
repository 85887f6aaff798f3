/**
 * One device's socket (docs/protocol.md): hello → welcome → one-pass catch-up → cursor, then
 * document opens (step 1) and updates, each checked and acknowledged only after its commit.
 * Frames of one socket are handled strictly in order; nothing a client sends can throw out of here.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WSContext } from 'hono/ws';
import {
  limits,
  minProtocolVersion,
  protocolVersion,
  readClientFrame,
  writeFrame,
  MalformedFrame,
  type Actor,
  type ErrorKind,
  type ServerFrame,
} from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { Session } from '../auth/auth-service.ts';
import type { DocStore } from './doc-store.ts';
import { mayRead } from './access.ts';
import type { BusinessGate } from '../business/business-gate.ts';
import {
  openDeliveryGate,
  type DeliveryGate,
  type DeliveryVerdict,
} from '../consent/delivery-gate.ts';

export const closeCodes = {
  malformed: 4400,
  signedOut: 4401,
  tooOld: 4426,
  tooMany: 4429,
} as const;

export class Connection {
  readonly actor: Actor;
  /** Documents this socket opened explicitly (beyond those it is a member of). */
  readonly opened = new Set<string>();
  private inbox: Promise<void> = Promise.resolve();
  private welcomed = false;
  /** Live cursors wait until catch-up's own cursor went out, and never go backwards. */
  private caughtUp = false;
  private lastCursor = -1;

  constructor(
    private readonly socket: WSContext,
    readonly session: Session,
    private readonly store: DocStore,
    private readonly logger: Logger,
    private readonly businessGate: BusinessGate = async () => null,
    private readonly deliveryGate: DeliveryGate = openDeliveryGate,
  ) {
    this.actor = { id: session.identity.id, kind: session.identity.kind };
  }

  send(frame: ServerFrame): void {
    if (this.socket.readyState === 1) this.socket.send(writeFrame(frame));
  }

  /**
   * Before hello nothing goes out live: the update is committed already, so the catch-up that
   * hello starts will carry it, and the welcome stays the first frame.
   */
  get live(): boolean {
    return this.welcomed;
  }

  /** Sends `cursor` if catch-up is done and it moves forward. */
  sendCursor(cursor: number): void {
    if (!this.caughtUp || cursor <= this.lastCursor) return;
    this.lastCursor = cursor;
    this.send({ type: 'cursor', cursor: String(cursor) });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState <= 1) this.socket.close(code, reason);
  }

  receive(data: Uint8Array): void {
    this.inbox = this.inbox
      .then(() => this.handle(data))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'sync frame failed');
        this.error('', 'internal', 'The server could not handle this frame.');
      });
  }

  private error(doc: string, kind: ErrorKind, message: string): void {
    this.send({ type: 'error', doc, kind, message });
  }

  private async handle(data: Uint8Array): Promise<void> {
    let frame;
    try {
      frame = readClientFrame(data);
    } catch (error) {
      const message = error instanceof MalformedFrame ? error.message : 'malformed frame';
      this.error('', 'bad_request', message);
      this.close(closeCodes.malformed, 'malformed frame');
      return;
    }
    if (frame.type === 'hello') return this.hello(frame.version, frame.cursor);
    if (!this.welcomed) {
      this.error(frame.doc, 'bad_request', 'send hello first');
      return;
    }
    await this.sync(frame.doc, frame.body);
  }

  private async hello(version: number, cursorText: string): Promise<void> {
    if (version < minProtocolVersion) {
      this.error('', 'version_too_old', 'Please update the app.');
      this.close(closeCodes.tooOld, 'protocol too old');
      return;
    }
    this.welcomed = true;
    this.send({ type: 'welcome', version: protocolVersion, identity: this.actor.id });
    const cursor = /^\d+$/.test(cursorText) ? Number(cursorText) : 0;
    const { docs, cursor: next } = await this.store.catchUp(this.actor.id, cursor);
    for (const { doc, update } of docs)
      this.send({ type: 'sync', doc, body: updateMessage(update) });
    this.send({ type: 'cursor', cursor: String(next) });
    this.lastCursor = next;
    this.caughtUp = true;
  }

  private async sync(doc: string, body: Uint8Array): Promise<void> {
    let type: number;
    let payload: Uint8Array;
    try {
      const decoder = decoding.createDecoder(body);
      type = decoding.readVarUint(decoder);
      payload = decoding.readVarUint8Array(decoder);
      if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    } catch {
      this.error(doc, 'bad_request', 'malformed sync message');
      return;
    }
    if (!(await mayRead(this.store, doc, this.actor))) {
      this.error(doc, 'forbidden', 'You cannot open this document.');
      return;
    }
    if (type === syncProtocol.messageYjsSyncStep1) return this.open(doc, payload);
    if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) {
      return this.update(doc, payload);
    }
    this.error(doc, 'bad_request', 'unknown sync message type');
  }

  private async open(doc: string, stateVector: Uint8Array): Promise<void> {
    if (!this.opened.has(doc) && this.opened.size >= limits.maxDocsPerSocket) {
      this.error(
        doc,
        'limit_exceeded',
        `At most ${limits.maxDocsPerSocket} documents per connection.`,
      );
      return;
    }
    let diff;
    try {
      diff = await this.store.diff(doc, stateVector);
    } catch {
      this.error(doc, 'bad_request', 'malformed state vector');
      return;
    }
    this.opened.add(doc);
    this.send({
      type: 'sync',
      doc,
      body: syncMessage(syncProtocol.messageYjsSyncStep2, diff.update),
    });
    this.send({
      type: 'sync',
      doc,
      body: syncMessage(syncProtocol.messageYjsSyncStep1, diff.stateVector),
    });
  }

  private async update(doc: string, update: Uint8Array): Promise<void> {
    // An empty update (a device answering the server's step 1 with nothing new) writes nothing,
    // so no gate applies — a business that has not accepted the terms yet may still read — and
    // it is acknowledged like any update the server already has.
    const empty = writesNothing(update);
    // A business writes nothing until it accepted the current terms, nor while suspended.
    const refusal =
      this.actor.kind === 'business' && !empty ? await this.businessGate(this.actor.id) : null;
    if (refusal) {
      this.error(doc, 'forbidden', refusal);
      return;
    }
    // New messages must pass the consent rules (sync/src/policy/messaging.ts).
    const delivery: DeliveryVerdict = empty
      ? { ok: true }
      : await this.deliveryGate(doc, update, this.actor);
    if (!delivery.ok) {
      this.logger.info({ doc, reason: delivery.reason }, 'message not delivered');
      this.error(doc, 'not_delivered', delivery.message);
      return;
    }
    const result = await this.store.apply(doc, update, this.actor, this);
    if (result.kind === 'refused') {
      this.logger.info({ doc, reason: result.reason }, 'update refused');
      this.error(doc, 'refused_update', result.reason);
      return;
    }
    this.send({ type: 'ack', doc, stateVector: result.stateVector });
    if (result.kind === 'stored') await delivery.afterStored?.();
  }
}

function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function writesNothing(update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    return false; // malformed: the validator answers it
  }
}

export const updateMessage = (update: Uint8Array): Uint8Array =>
  syncMessage(syncProtocol.messageYjsUpdate, update);
