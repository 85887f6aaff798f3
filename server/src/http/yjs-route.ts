/**
 * `GET /yjs/<doc>?token=…`: the y-websocket door's upgrade (docs/yjs.md), beside /sync on the
 * same `ws` server. The token (exchanged for a session or an API key at `POST /api/yjs/tokens` or
 * `POST /api/v1/yjs/tokens`) is consumed here, once, for exactly this document; a socket without
 * a valid one is accepted and closed at once with 4401, as /sync does without a session. No
 * `Origin` check: the token is not ambient authority a foreign page could borrow, like a cookie.
 * The URL, with its token, is never logged.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { yjsPathPrefix } from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { YjsTokens } from '../yjs/yjs-tokens.ts';
import type { YjsServer } from '../yjs/yjs-server.ts';
import type { SocketHandlers } from '../sync/connection.ts';

export interface YjsDoor {
  /** The document a path names, or null when the path is not the door's. */
  docOf(pathname: string): string | null;
  upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    wss: WebSocketServer,
    url: URL,
    listen: (ws: WebSocket, handlers: SocketHandlers) => void,
  ): Promise<void>;
}

export function yjsDoor(deps: { tokens: YjsTokens; yjs: YjsServer; logger: Logger }): YjsDoor {
  const docOf = (pathname: string): string | null => {
    if (!pathname.startsWith(`${yjsPathPrefix}/`)) return null;
    try {
      const doc = decodeURIComponent(pathname.slice(yjsPathPrefix.length + 1));
      return doc.length > 0 && doc.length <= 200 ? doc : null;
    } catch {
      return null;
    }
  };
  return {
    docOf,
    upgrade: async (request, socket, head, wss, url, listen) => {
      const doc = docOf(url.pathname)!;
      const dropped = () => socket.destroy();
      socket.on('error', dropped);
      const grant = await deps.tokens
        .consume(url.searchParams.get('token') ?? '', doc)
        .catch((error: unknown) => {
          deps.logger.error({ err: error }, 'yjs token lookup failed');
          return null;
        });
      socket.off('error', dropped);
      if (!grant) deps.logger.info({ doc }, 'yjs socket refused: token');
      wss.handleUpgrade(request, socket, head, (ws) => listen(ws, deps.yjs.open(ws, doc, grant)));
    },
  };
}
