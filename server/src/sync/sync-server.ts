/**
 * The sockets of the sync endpoint: who is connected as whom, and the fan-out of every committed
 * update (from this process or, through the hub, another) to the sockets of the document's
 * members and of those who opened it — never back to the socket that sent it. The sockets are
 * indexed by identity and by opened document (socket-index.ts), so an update costs work for its
 * recipients, not for every connection on the process.
 * The WebSocket plumbing itself is `ws` (see http/sync-route.ts); this class only sees
 * authenticated sockets through `open()`.
 */
import { limits } from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { Session } from '../auth/auth-service.ts';
import type { DocStore } from './doc-store.ts';
import type { CommittedUpdate, Hub } from './hub.ts';
import {
  Connection,
  closeCodes,
  type ConnectionContext,
  type SocketHandlers,
  type SyncSocket,
} from './connection.ts';
import { framedMessages } from './sync-messages.ts';
import { mayRead } from './access.ts';
import { SeqWatermark } from './seq-watermark.ts';
import { SocketIndex } from './socket-index.ts';
import { socketLimits as defaultSocketLimits, type SocketLimits } from './socket-guard.ts';
import type { Submitter } from '../submit/submit.ts';
import { PresenceRooms } from './presence-rooms.ts';
import { readPresenceChoices } from './presence-choices.ts';
import type { ClientOwner } from '../yjs/yjs-room.ts';
import type { RemotePresence } from './presence-remote.ts';

export type { SocketHandlers, SyncSocket } from './connection.ts';

const ignore: SocketHandlers = { message: () => {}, closed: () => {} };

export class SyncServer {
  private readonly sockets = new SocketIndex<Connection>();
  private readonly context: ConnectionContext;
  private readonly unsubscribe: () => void;
  private readonly watermark: SeqWatermark;
  private readonly presence: PresenceRooms<Connection>;
  /** Fan-out runs one event at a time, in arrival order. */
  private forwarding: Promise<void> = Promise.resolve();

  /** `startSeq`: the committed sequence number when this process started listening. */
  constructor(
    private readonly store: DocStore,
    hub: Hub,
    startSeq: number,
    private readonly logger: Logger,
    /** Every update goes through it (gates, validator, commit); there is no ungated default. */
    submit: Submitter,
    /** What one socket may cost (socket-guard.ts); tests lower them. */
    socketLimits: SocketLimits = defaultSocketLimits,
    /** Whose a Yjs client id is in a document (doc_clients): presence checks it. */
    ownerOf: ClientOwner = async () => null,
    /** The other processes' presence (PostgreSQL); null: this process is the only one. */
    private readonly remote: RemotePresence | null = null,
  ) {
    const presence = new PresenceRooms<Connection>({
      members: (doc) => store.members(doc),
      ownerOf,
      choices: (identity) => readPresenceChoices(store, identity),
      online: (identity) => this.sockets.countOf(identity) > 0 || !!remote?.online(identity),
      now: () => Date.now(),
      remote,
    });
    this.presence = presence;
    remote?.start({
      entries: (doc, who, entries) => presence.relayRemote(doc, who, entries),
      // A socket here outweighs what the other processes say.
      changed: async (identity, online, at) => {
        if (this.sockets.countOf(identity) === 0) await presence.changed(identity, online, at);
      },
      local: () => this.sockets.identities(),
    });
    this.context = {
      store,
      socketLimits,
      logger,
      submit,
      presence,
      opened: (doc, connection) => this.sockets.opened(doc, connection),
      closed: (connection) => {
        this.sockets.remove(connection, connection.opened);
        presence.leave(connection);
        if (this.sockets.countOf(connection.identity) === 0)
          this.presenceChanged(connection, false);
        if (this.logger.isLevelEnabled('debug')) connection.logger.debug('socket closed');
      },
    };
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
  open(socket: SyncSocket, session: Session | null): SocketHandlers {
    if (!session) {
      socket.close(closeCodes.signedOut, 'sign in first');
      return ignore;
    }
    if (this.sockets.countOf(session.identity.id) >= limits.maxSocketsPerIdentity) {
      socket.close(closeCodes.tooMany, `at most ${limits.maxSocketsPerIdentity} connections`);
      return ignore;
    }
    const connection = new Connection(socket, session, this.context);
    this.sockets.add(connection);
    if (this.sockets.countOf(connection.identity) === 1) this.presenceChanged(connection, true);
    if (this.logger.isLevelEnabled('debug')) {
      connection.logger.debug(
        { sockets: this.sockets.countOf(connection.identity) },
        'socket opened',
      );
    }
    return connection;
  }

  private async forward(event: CommittedUpdate): Promise<void> {
    if (event.doc.startsWith('prefs:')) {
      const identity = event.doc.slice('prefs:'.length);
      this.presence
        .preferencesChanged(identity)
        .catch((error: unknown) => this.logger.error({ err: error, identity }, 'presence failed'));
    }
    const members = await this.store.members(event.doc);
    const bodies = framedMessages(event.update);
    const reached: Connection[] = [];
    const barred = await this.barred(event.doc, members);
    this.sockets.forEachRecipient(event.doc, members, (connection, member) => {
      if (!connection.live || barred.has(connection)) return;
      if (connection === event.origin) {
        // The sender has its update: it gets only what the server added (receive times).
        for (const body of event.echo ? framedMessages(event.echo) : [])
          connection.send({ type: 'sync', doc: event.doc, body });
        return;
      }
      for (const body of bodies) connection.send({ type: 'sync', doc: event.doc, body });
      if (member) reached.push(connection);
    });
    // Only now is this update out everywhere it goes from here.
    const cursor = this.watermark.mark(event.seq);
    reached.forEach((connection) => connection.sendCursor(cursor));
  }

  /**
   * Tells the rooms, and the other processes, that an identity came online or went offline here
   * (its first or last socket on this process).
   */
  private presenceChanged(connection: Connection, online: boolean): void {
    this.remote?.publishLocal(connection.identity, online);
    this.presence
      .changed(connection.identity, online)
      .catch((error: unknown) => connection.logger.error({ err: error }, 'presence failed'));
  }

  /**
   * Sockets that opened a person's profile and may no longer read it (blocked since): they get
   * none of its changes. Other documents' readers cannot lose access while they hold them open.
   */
  private async barred(doc: string, members: ReadonlySet<string>): Promise<Set<Connection>> {
    const barred = new Set<Connection>();
    if (!doc.startsWith('person:')) return barred;
    const openers: Connection[] = [];
    this.sockets.forEachRecipient(doc, members, (c, member) => member || openers.push(c));
    for (const c of openers) if (!(await mayRead(this.store, doc, c.actor))) barred.add(c);
    return barred;
  }

  /** Closes the sockets of a revoked session with 4401. */
  closeSession(sessionId: string): void {
    for (const connection of this.sockets.all()) {
      if (connection.sessionId === sessionId) connection.close(closeCodes.signedOut, 'signed out');
    }
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  /** Shutdown: every socket is closed with 1001 (going away); devices resend what is unacked. */
  async close(): Promise<void> {
    this.unsubscribe();
    for (const connection of this.sockets.all()) connection.close(1001, 'server shutting down');
    await this.remote?.close();
  }
}
