/**
 * The sockets of the sync endpoint: who is connected as whom, and the fan-out of every committed
 * update (from this process or, through the hub, another) to the sockets of the document's
 * members and of those who opened it — never back to the socket that sent it.
 * The WebSocket plumbing itself is @hono/node-ws (see http/sync-route.ts); this class only sees
 * authenticated sockets through `open()`.
 */
import type { WSContext } from 'hono/ws';
import { limits } from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { Session } from '../auth/auth-service.ts';
import type { DocStore } from './doc-store.ts';
import type { CommittedUpdate, Hub } from './hub.ts';
import { Connection, closeCodes, updateMessage } from './connection.ts';
import { SeqWatermark } from './seq-watermark.ts';
import type { BusinessGate } from '../business/business-gate.ts';
import { openDeliveryGate, type DeliveryGate } from '../consent/delivery-gate.ts';

/** What the WebSocket adapter calls for one socket. */
export interface SocketHandlers {
  message(data: string | ArrayBuffer | Uint8Array): void;
  closed(): void;
}

export class SyncServer {
  private readonly byIdentity = new Map<string, Set<Connection>>();
  private readonly unsubscribe: () => void;
  private readonly watermark: SeqWatermark;
  /** Fan-out runs one event at a time, in arrival order. */
  private forwarding: Promise<void> = Promise.resolve();

  /** `startSeq`: the committed sequence number when this process started listening. */
  constructor(
    private readonly store: DocStore,
    hub: Hub,
    startSeq: number,
    private readonly logger: Logger,
    /** Checked before every update a business sends (terms accepted, not suspended). */
    private readonly businessGate: BusinessGate = async () => null,
    /** Checked before every update that carries new messages (the consent rules). */
    private readonly deliveryGate: DeliveryGate = openDeliveryGate,
  ) {
    this.watermark = new SeqWatermark(startSeq);
    this.unsubscribe = hub.subscribe((event) => {
      this.forwarding = this.forwarding
        .then(() => this.forward(event))
        .catch((error: unknown) =>
          this.logger.error({ err: error, doc: event.doc, seq: event.seq }, 'fan-out failed'),
        );
    });
  }

  /** Registers an upgraded socket; `session` null (not signed in) closes it with 4401. */
  open(socket: WSContext, session: Session | null): SocketHandlers {
    const ignore: SocketHandlers = { message: () => {}, closed: () => {} };
    if (!session) {
      socket.close(closeCodes.signedOut, 'sign in first');
      return ignore;
    }
    const sockets = this.byIdentity.get(session.identity.id) ?? new Set<Connection>();
    if (sockets.size >= limits.maxSocketsPerIdentity) {
      socket.close(closeCodes.tooMany, `at most ${limits.maxSocketsPerIdentity} connections`);
      return ignore;
    }
    const logger = this.logger.child({ identity: session.identity.id, session: session.id });
    const connection = new Connection(
      socket,
      session,
      this.store,
      logger,
      this.businessGate,
      this.deliveryGate,
    );
    sockets.add(connection);
    this.byIdentity.set(session.identity.id, sockets);
    logger.debug({ sockets: sockets.size }, 'socket opened');
    return {
      message: (data) => {
        if (typeof data === 'string') {
          connection.send({ type: 'error', doc: '', kind: 'bad_request', message: 'binary only' });
          connection.close(closeCodes.malformed, 'binary frames only');
          return;
        }
        connection.receive(data instanceof Uint8Array ? data : new Uint8Array(data));
      },
      closed: () => {
        sockets.delete(connection);
        if (sockets.size === 0) this.byIdentity.delete(session.identity.id);
        logger.debug('socket closed');
      },
    };
  }

  private async forward(event: CommittedUpdate): Promise<void> {
    const members = await this.store.members(event.doc);
    const body = updateMessage(event.update);
    const reached: Connection[] = [];
    for (const [identity, sockets] of this.byIdentity) {
      const member = members.has(identity);
      for (const connection of sockets) {
        if (connection === event.origin || !connection.live) continue;
        if (!member && !connection.opened.has(event.doc)) continue;
        connection.send({ type: 'sync', doc: event.doc, body });
        if (member) reached.push(connection);
      }
    }
    // Only now is this update out everywhere it goes from here.
    const cursor = this.watermark.mark(event.seq);
    reached.forEach((connection) => connection.sendCursor(cursor));
  }

  /** Closes the sockets of a revoked session with 4401. */
  closeSession(sessionId: string): void {
    for (const sockets of this.byIdentity.values()) {
      for (const connection of sockets) {
        if (connection.session.id === sessionId)
          connection.close(closeCodes.signedOut, 'signed out');
      }
    }
  }

  get socketCount(): number {
    let n = 0;
    for (const sockets of this.byIdentity.values()) n += sockets.size;
    return n;
  }

  /** Shutdown: every socket is closed with 1001 (going away); devices resend what is unacked. */
  close(): void {
    this.unsubscribe();
    for (const sockets of this.byIdentity.values()) {
      for (const connection of sockets) connection.close(1001, 'server shutting down');
    }
  }
}
