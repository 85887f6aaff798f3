/**
 * The WebSocket endpoint: authenticates the upgrade by the app's session cookie, keeps the
 * sockets of each identity, and forwards every committed update (from this process or, through
 * the hub, another) to the sockets of the document's members and of those who opened it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { appSchema, limits, sessionCookieName, type App } from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DocStore } from './doc-store.ts';
import type { CommittedUpdate, Hub } from './hub.ts';
import { Connection, closeCodes, updateMessage } from './connection.ts';

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0)
      cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

export class SyncServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes * 2,
  });
  private readonly byIdentity = new Map<string, Set<Connection>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly auth: AuthService,
    private readonly store: DocStore,
    hub: Hub,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = hub.subscribe((event) => void this.forward(event));
  }

  /** For `server.on('upgrade')`: only `/sync` is ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/sync') {
      socket.destroy();
      return;
    }
    const app: App = appSchema.safeParse(url.searchParams.get('app')).data ?? 'personal';
    const token = parseCookies(request.headers.cookie).get(sessionCookieName[app]);
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, app, token));
  }

  private async accept(ws: WebSocket, app: App, token: string | undefined): Promise<void> {
    // Frames may arrive while the session is looked up: hold them until then.
    const early: Array<{ data: Buffer; isBinary: boolean }> = [];
    const hold = (data: Buffer, isBinary: boolean) => early.push({ data, isBinary });
    ws.on('message', hold);
    const session = await this.auth.resolve(token, app).catch(() => null);
    ws.off('message', hold);
    if (!session) {
      ws.close(closeCodes.signedOut, 'sign in first');
      return;
    }
    const sockets = this.byIdentity.get(session.identity.id) ?? new Set<Connection>();
    if (sockets.size >= limits.maxSocketsPerIdentity) {
      ws.close(closeCodes.tooMany, `at most ${limits.maxSocketsPerIdentity} connections`);
      return;
    }
    const logger = this.logger.child({ identity: session.identity.id, session: session.id });
    const connection = new Connection(ws, session, this.store, logger);
    sockets.add(connection);
    this.byIdentity.set(session.identity.id, sockets);
    const receive = (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        connection.send({
          type: 'error',
          doc: '',
          kind: 'bad_request',
          message: 'binary frames only',
        });
        ws.close(closeCodes.malformed, 'binary frames only');
        return;
      }
      connection.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    };
    early.forEach(({ data, isBinary }) => receive(data, isBinary));
    ws.on('message', receive);
    ws.on('error', (error) => logger.warn({ err: error }, 'socket error'));
    ws.on('close', () => {
      sockets.delete(connection);
      if (sockets.size === 0) this.byIdentity.delete(session.identity.id);
    });
  }

  private async forward(event: CommittedUpdate): Promise<void> {
    const members = await this.store.members(event.doc);
    const body = updateMessage(event.update);
    for (const [identity, sockets] of this.byIdentity) {
      const member = members.has(identity);
      for (const connection of sockets) {
        if (!member && !connection.opened.has(event.doc)) continue;
        connection.send({ type: 'sync', doc: event.doc, body });
        if (member) connection.send({ type: 'cursor', cursor: String(event.seq) });
      }
    }
  }

  /** Closes the sockets of a revoked session. */
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

  async close(): Promise<void> {
    this.unsubscribe();
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
