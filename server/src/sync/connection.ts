/**
 * One device's socket (docs/protocol.md): hello → welcome → one-pass catch-up → cursor, then
 * document opens (step 1) and updates, each checked and acknowledged only after its commit, and
 * presence (presence-rooms.ts). Frames run strictly in order; nothing a client sends throws here.
 *
 * Ten thousand of these sit idle on one process, so an idle one holds little: what every
 * connection shares is one `ConnectionContext`, its logger is made on the first line it logs, the
 * set of documents it opened exists once it opened one, and its frame queue only while frames wait;
 * its actor is made when asked for, and its guard reports to it rather than to a closure.
 */
import * as syncProtocol from 'y-protocols/sync';
import {
  closeCodes,
  errorFrame,
  limits,
  minProtocolVersion,
  protocolVersion,
  readClientFrame,
  writeFrame,
  MalformedFrame,
  type Actor,
  type ErrorKind,
  type Reason,
  type ServerFrame,
} from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { Session } from '../auth/auth-service.ts';
import type { DocStore } from './doc-store.ts';
import { mayRead } from './access.ts';
import { SocketGuard, type SocketLimits } from './socket-guard.ts';
import type { Submitter } from '../submit/submit.ts';
import { refusalKinds } from '../submit/refusal-kinds.ts';
import { framedMessages, readSyncMessage, syncMessage } from './sync-messages.ts';
import type { PresenceRooms } from './presence-rooms.ts';
import type { SocketHandlers, SyncSocket } from './sync-socket.ts';

export { closeCodes };
export type { SocketHandlers, SyncSocket };

/** What every connection of one server shares. */
export interface ConnectionContext {
  store: DocStore;
  /** Narrowed per connection (identity, session) when a connection first logs. */
  logger: Logger;
  /** Where every update goes: gates, validator, commit (submit/submit.ts). */
  submit: Submitter;
  /** Told when a connection opens a document explicitly (the fan-out's index). */
  opened(doc: string, connection: Connection): void;
  /** Told when a connection's socket closed. */
  closed(connection: Connection): void;
  /** What one socket may cost (socket-guard.ts). */
  socketLimits: SocketLimits;
  /** Where awareness frames go (presence-rooms.ts). */
  presence: PresenceRooms<Connection>;
}

const settled: Promise<void> = Promise.resolve();

export class Connection implements SocketHandlers {
  readonly identity: string;
  private readonly kind: Actor['kind'];
  readonly sessionId: string;
  /** Documents this socket opened explicitly (beyond those it is a member of). */
  private openedDocs: Set<string> | null = null;
  /** The frames of this socket run one after another; null while none waits. */
  private inbox: Promise<void> | null = null;
  private narrowed: Logger | null = null;
  private welcomed = false;
  /** The protocol version this socket's frames are written in: the client's, from its hello. */
  private version = protocolVersion;
  /** Live cursors wait until catch-up's own cursor went out (-1 until then), never go back. */
  private lastCursor = -1;
  /** Inbound queue, outbound buffer and refusals, bounded. */
  private readonly guard: SocketGuard;

  constructor(
    private readonly socket: SyncSocket,
    session: Session,
    private readonly context: ConnectionContext,
  ) {
    this.identity = session.identity.id;
    this.kind = actorKinds.find((k) => k === session.identity.kind) ?? session.identity.kind;
    this.sessionId = session.id;
    this.guard = new SocketGuard(socket, context.socketLimits, this);
  }

  get actor(): Actor {
    return { id: this.identity, kind: this.kind };
  }

  /** The guard closed the socket (socket-guard.ts). */
  overLimits(code: number, reason: string): void {
    this.logger.warn({ code, reason }, 'socket closed: over its limits');
  }

  /** Documents this socket opened explicitly. */
  get opened(): ReadonlySet<string> {
    return this.openedDocs ?? noDocs;
  }

  /** This connection's logger (identity and session), made when it is first needed. */
  get logger(): Logger {
    this.narrowed ??= this.context.logger.child({
      identity: this.identity,
      session: this.sessionId,
    });
    return this.narrowed;
  }

  send(frame: ServerFrame): void {
    if (this.socket.readyState === 1 && this.guard.maySend())
      this.socket.send(writeFrame(frame, this.version));
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
    if (this.lastCursor < 0 || cursor <= this.lastCursor) return;
    this.lastCursor = cursor;
    this.send({ type: 'cursor', cursor: String(cursor) });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState <= 1) this.socket.close(code, reason);
  }

  /** A frame from the socket; text frames are refused. */
  message(data: string | ArrayBuffer | Uint8Array): void {
    if (typeof data === 'string') {
      this.error('', 'bad_request', {
        code: 'malformed_frame',
        details: { problem: 'binary only' },
      });
      this.close(closeCodes.malformed, 'binary frames only');
      return;
    }
    this.receive(data instanceof Uint8Array ? data : new Uint8Array(data));
  }

  /** The socket closed. */
  closed(): void {
    this.context.closed(this);
  }

  receive(data: Uint8Array): void {
    if (!this.guard.arrived(data.byteLength)) return;
    const tail: Promise<void> = (this.inbox ?? settled)
      .then(() => this.handle(data))
      .finally(() => this.guard.handled(data.byteLength))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'sync frame failed');
        this.error('', 'internal', { code: 'server_error' });
      })
      .then(() => {
        if (this.inbox === tail) this.inbox = null;
      });
    this.inbox = tail;
  }

  /** A connection-level refusal (presence-rooms.ts). */
  refuse(kind: ErrorKind, reason: Reason): void {
    this.error('', kind, reason);
  }

  /** A refusal, counted against the socket's budget (socket-guard.ts) unless the server failed. */
  private error(doc: string, kind: ErrorKind, reason: Reason, counted = !uncounted.has(kind)) {
    if (counted) this.guard.refused();
    this.send(errorFrame(doc, kind, reason));
  }

  private async handle(data: Uint8Array): Promise<void> {
    let frame;
    try {
      frame = readClientFrame(data);
    } catch (error) {
      const problem = error instanceof MalformedFrame ? error.message : 'malformed frame';
      this.error('', 'bad_request', { code: 'malformed_frame', details: { problem } });
      this.close(closeCodes.malformed, 'malformed frame');
      return;
    }
    if (frame.type === 'hello') return this.hello(frame.version, frame.cursor);
    if (!this.welcomed) return this.error(frame.doc, 'bad_request', { code: 'hello_first' });
    if (frame.type === 'awareness')
      return this.context.presence.receive(this, frame.doc, frame.body);
    await this.sync(frame.doc, frame.body);
  }

  private async hello(version: number, cursorText: string): Promise<void> {
    const notice = { code: 'version_too_old', details: { latest: protocolVersion } } as const;
    if (version < minProtocolVersion) {
      this.error('', 'version_too_old', notice);
      this.close(closeCodes.tooOld, 'protocol too old');
      return;
    }
    // An older client (an app offline for weeks) is served in its own version, and told to update
    // by a connection-level error frame right after the welcome (docs/protocol.md, Versions).
    this.version = Math.min(version, protocolVersion);
    this.welcomed = true;
    this.send({ type: 'welcome', version: this.version, identity: this.identity });
    if (this.version < protocolVersion) this.error('', 'version_too_old', notice);
    const cursor = /^\d+$/.test(cursorText) ? Number(cursorText) : 0;
    const { docs, cursor: next } = await this.context.store.catchUp(this.identity, cursor);
    for (const { doc, update } of docs) {
      for (const body of framedMessages(update)) {
        // A long catch-up waits for the peer to read rather than piling up in the buffer.
        if (!(await this.guard.room())) return;
        this.send({ type: 'sync', doc, body });
      }
    }
    this.send({ type: 'cursor', cursor: String(next) });
    this.lastCursor = next;
  }

  private async sync(doc: string, body: Uint8Array): Promise<void> {
    const message = readSyncMessage(body);
    if (!message) {
      this.error(doc, 'bad_request', {
        code: 'malformed_frame',
        details: { problem: 'sync message' },
      });
      return;
    }
    const { type, payload } = message;
    if (!(await mayRead(this.context.store, doc, this.actor))) {
      // Asking is everyday (profiles of those who blocked a shop): only writing counts against it.
      const writing = type !== syncProtocol.messageYjsSyncStep1;
      this.error(doc, 'forbidden', { code: 'not_readable' }, writing);
      return;
    }
    if (type === syncProtocol.messageYjsSyncStep1) return this.open(doc, payload);
    if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) {
      return this.update(doc, payload);
    }
    this.error(doc, 'bad_request', { code: 'malformed_frame', details: { problem: 'sync type' } });
  }

  private async open(doc: string, stateVector: Uint8Array): Promise<void> {
    const opened = this.opened;
    if (!opened.has(doc) && opened.size >= limits.maxDocsPerSocket) {
      this.error(doc, 'limit_exceeded', {
        code: 'too_many_documents',
        details: { max: limits.maxDocsPerSocket },
      });
      return;
    }
    let diff;
    try {
      diff = await this.context.store.diff(doc, stateVector);
    } catch {
      this.error(doc, 'bad_request', {
        code: 'malformed_frame',
        details: { problem: 'state vector' },
      });
      return;
    }
    if (!this.opened.has(doc)) {
      (this.openedDocs ??= new Set()).add(doc);
      this.context.opened(doc, this);
    }
    for (const body of framedMessages(diff.update, syncProtocol.messageYjsSyncStep2))
      this.send({ type: 'sync', doc, body });
    this.send({
      type: 'sync',
      doc,
      body: syncMessage(syncProtocol.messageYjsSyncStep1, diff.stateVector),
    });
  }

  private async update(doc: string, update: Uint8Array): Promise<void> {
    const result = await this.context.submit.submit({
      doc,
      update,
      actor: this.actor,
      origin: this,
      acknowledge: (stateVector) => this.send({ type: 'ack', doc, stateVector }),
    });
    if (result.kind !== 'refused') return;
    this.logger.info({ doc, stage: result.stage, reason: result.reason }, 'update refused');
    this.error(doc, refusalKinds[result.stage], { code: result.reason, details: result.details });
  }
}

const noDocs: ReadonlySet<string> = new Set();
/** A connection's kind is one of these strings, not a copy per socket read from the database. */
const actorKinds: readonly Actor['kind'][] = ['person', 'business', 'platform'];
const uncounted: ReadonlySet<ErrorKind> = new Set(['internal', 'version_too_old']);
