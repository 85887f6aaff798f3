/**
 * The y-websocket door's sockets, by document, and their share of the fan-out: every committed
 * update of a document — from a /yjs socket, a /sync socket, the Business API or the server,
 * in this process or (through the hub's PostgreSQL NOTIFY) another — goes to each /yjs socket
 * open on it, never back to the one that sent it (which gets only what the server added: receive
 * times). Updates sent here reach /sync sockets through the same hub (sync/sync-server.ts).
 */
import { closeCodes, limits } from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { CommittedUpdate, Hub } from '../sync/hub.ts';
import type { SocketHandlers, SyncSocket } from '../sync/connection.ts';
import { framedMessages } from '../sync/sync-messages.ts';
import type { SocketLimits } from '../sync/socket-guard.ts';
import type { Submitter } from '../submit/submit.ts';
import type { YjsGrant } from './yjs-tokens.ts';
import { YjsConnection, type YjsContext } from './yjs-connection.ts';
import { YjsRoom, type ClientOwner } from './yjs-room.ts';
import type { AwarenessLimits } from './yjs-awareness-budget.ts';
import { syncFrame } from './yjs-messages.ts';

export interface YjsServerDeps {
  store: DocStore;
  hub: Hub;
  submit: Submitter;
  clock: Clock;
  logger: Logger;
  ownerOf: ClientOwner;
  socketLimits: SocketLimits;
  awarenessLimits: AwarenessLimits;
}

const ignore: SocketHandlers = { message: () => {}, closed: () => {} };

export class YjsServer {
  private readonly rooms = new Map<string, YjsRoom<YjsConnection>>();
  private readonly perIdentity = new Map<string, number>();
  /** Every open socket, started or not (a revoked session's socket must close even mid-start). */
  private readonly sockets = new Set<YjsConnection>();
  private readonly context: YjsContext;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: YjsServerDeps) {
    this.context = {
      store: deps.store,
      submit: deps.submit,
      logger: deps.logger,
      socketLimits: deps.socketLimits,
      awarenessLimits: deps.awarenessLimits,
      now: () => deps.clock.now(),
      closed: (connection) => this.forget(connection),
    };
    this.unsubscribe = deps.hub.subscribe((event) => this.forward(event));
  }

  /** Registers an upgraded socket; `grant` null (no valid token) closes it with 4401. */
  open(socket: SyncSocket, doc: string, grant: YjsGrant | null): SocketHandlers {
    if (!grant) {
      socket.close(closeCodes.signedOut, 'token refused');
      return ignore;
    }
    const count = this.perIdentity.get(grant.actor.id) ?? 0;
    if (count >= limits.maxSocketsPerIdentity) {
      socket.close(closeCodes.tooMany, `at most ${limits.maxSocketsPerIdentity} connections`);
      return ignore;
    }
    this.perIdentity.set(grant.actor.id, count + 1);
    let room = this.rooms.get(doc);
    if (!room) {
      room = new YjsRoom(doc, this.deps.ownerOf, this.deps.awarenessLimits.maxClients);
      this.rooms.set(doc, room);
    }
    room.holders++;
    const connection = new YjsConnection(socket, grant, room, this.context);
    this.sockets.add(connection);
    return connection;
  }

  private forward(event: CommittedUpdate): void {
    const room = this.rooms.get(event.doc);
    if (!room || room.sockets.size === 0) return;
    const frames = framedMessages(event.update).map(syncFrame);
    for (const connection of room.sockets) {
      if (connection === event.origin) {
        for (const body of event.echo ? framedMessages(event.echo) : [])
          connection.sendFrame(syncFrame(body));
      } else for (const frame of frames) connection.sendFrame(frame);
    }
  }

  private forget(connection: YjsConnection): void {
    if (!this.sockets.delete(connection)) return;
    const left = (this.perIdentity.get(connection.identity) ?? 1) - 1;
    if (left > 0) this.perIdentity.set(connection.identity, left);
    else this.perIdentity.delete(connection.identity);
    const room = this.rooms.get(connection.doc);
    if (room && --room.holders === 0) this.rooms.delete(connection.doc);
  }

  /** Closes the sockets of a revoked session (or API key: `key:<id>`) with 4401. */
  closeSession(sessionId: string): void {
    for (const connection of this.sockets)
      if (connection.grant.sessionId === sessionId)
        connection.close(closeCodes.signedOut, 'signed out');
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  close(): void {
    this.unsubscribe();
    for (const connection of [...this.sockets]) connection.close(1001, 'server shutting down');
  }
}
