/**
 * `GET /sync?app=…`: the WebSocket of docs/protocol.md, served by `ws` on the HTTP server's
 * `upgrade` event rather than through the Hono app: an idle socket then holds its `ws` state and
 * its connection, nothing of the request that opened it (an upgrade through the app kept the
 * request, its context and their closures alive for as long as the socket lived).
 *
 * The session is resolved from the app's cookie before the upgrade completes; a socket without
 * one is accepted and closed at once with 4401 (browsers cannot read the status of a refused
 * upgrade, but they do see close codes). Before that, the upgrade must name an allowed `Origin`
 * (http/origin-guard.ts): a page of another origin gets a bare 403, whatever cookies it carries.
 *
 * Open sockets are tracked, and their events fed to their handlers, by live-sockets.ts rather
 * than by `ws` (`clientTracking` off): that costs one map entry per socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { parse as parseCookies } from 'hono/utils/cookie';
import { WebSocketServer } from 'ws';
import { appHeader, appSchema, limits, sessionCookieName, type App } from '@souk/sync';
import type { AuthService } from '../auth/auth-service.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import type { Logger } from '../logger.ts';
import { clientOf, type TrustedProxies } from './client-address.ts';
import type { AllowedOrigins } from './origin-guard.ts';
import type { YjsDoor } from './yjs-route.ts';
import { CorkingWebSocket } from './corking-socket.ts';
import { LiveSockets } from './live-sockets.ts';

export const syncPath = '/sync';

export interface SyncEndpoint {
  /** The `ws` server (no client tracking: see `sockets`). */
  wss: WebSocketServer;
  /** The open sockets, /sync and /yjs alike. */
  sockets: LiveSockets;
  /** Attaches the upgrade handler to the Node HTTP server. */
  attach(server: Server): void;
}

export function syncEndpoint(deps: {
  auth: AuthService;
  sync: SyncServer;
  logger: Logger;
  trusted: TrustedProxies;
  origins: AllowedOrigins;
  /** The y-websocket door (`/yjs/<doc>`), on the same `ws` server. */
  yjs?: YjsDoor;
}): SyncEndpoint {
  // Twice the protocol limit, so an oversized frame still reaches the frame reader and gets the
  // protocol's answer (bad_request, 4400) rather than a bare 1009.
  // No per-message compression (its per-socket state), `ws`'s default for servers.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes * 2,
    perMessageDeflate: false,
    clientTracking: false,
    WebSocket: CorkingWebSocket, // a turn's frames leave in one write
  });
  const sockets = new LiveSockets(deps.logger);

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (deps.yjs?.docOf(url.pathname)) {
      await deps.yjs.upgrade(request, socket, head, wss, url, (ws, handlers) =>
        sockets.listen(ws, handlers),
      );
      return;
    }
    if (url.pathname !== syncPath) {
      refuse(socket, 404);
      return;
    }
    if (!originAllowed(request, deps.trusted, deps.origins)) {
      deps.logger.info({ origin: request.headers.origin ?? null }, 'socket from a foreign origin');
      refuse(socket, 403);
      return;
    }
    const which = appOf(request, url);
    const token = cookie(request, sessionCookieName[which]);
    // Until `ws` takes the socket over, nothing else listens for its errors.
    const dropped = () => socket.destroy();
    socket.on('error', dropped);
    const session = await deps.auth.resolve(token, which).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'session lookup failed for a socket');
      return null;
    });
    socket.off('error', dropped);
    wss.handleUpgrade(request, socket, head, (ws) =>
      sockets.listen(ws, deps.sync.open(ws, session)),
    );
  };

  return {
    wss,
    sockets,
    attach: (server) => {
      server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        void upgrade(request, socket, head);
      });
    },
  };
}

/** The app a socket is for: the app header, else `?app=`, else personal (as for HTTP routes). */
function appOf(request: IncomingMessage, url: URL): App {
  const header = request.headers[appHeader];
  const value = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('app');
  return appSchema.safeParse(value ?? undefined).data ?? 'personal';
}

function originAllowed(
  request: IncomingMessage,
  trusted: TrustedProxies,
  origins: AllowedOrigins,
): boolean {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  // The peer's address matters only behind a trusted proxy; once read, Node keeps it for the
  // socket's life (`_peername`, some 80 bytes).
  const peer = trusted.empty ? '' : (request.socket.remoteAddress ?? 'unknown');
  const client = clientOf(peer, encrypted, header, trusted);
  return origins.allows(header('origin'), header('host'), client.tls);
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookies(header, name)[name] : undefined;
}

function refuse(socket: Duplex, status: number): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}
