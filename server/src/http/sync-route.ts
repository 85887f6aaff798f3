/**
 * `GET /sync?app=…`: the WebSocket of docs/protocol.md, through @hono/node-ws. The session is
 * resolved from the app's cookie before the upgrade completes; a socket without one is accepted
 * and closed at once with 4401 (browsers cannot read the status of a refused upgrade, but they
 * do see close codes).
 */
import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { NodeWebSocket } from '@hono/node-ws';
import { sessionCookieName } from '@souk/sync';
import type { AuthService } from '../auth/auth-service.ts';
import type { SyncServer, SocketHandlers } from '../sync/sync-server.ts';
import type { Logger } from '../logger.ts';
import { appOf } from './session.ts';

export function mountSyncRoute(
  app: Hono,
  upgradeWebSocket: NodeWebSocket['upgradeWebSocket'],
  deps: { auth: AuthService; sync: SyncServer; logger: Logger },
): void {
  app.get(
    '/sync',
    upgradeWebSocket(async (c) => {
      const which = appOf(c);
      const session = await deps.auth
        .resolve(getCookie(c, sessionCookieName[which]), which)
        .catch((error: unknown) => {
          deps.logger.error({ err: error }, 'session lookup failed for a socket');
          return null;
        });
      let handlers: SocketHandlers | null = null;
      return {
        onOpen: (_event, ws) => {
          handlers = deps.sync.open(ws, session);
        },
        onMessage: (event) => handlers?.message(event.data as string | ArrayBuffer),
        onClose: () => handlers?.closed(),
        onError: (event) =>
          deps.logger.warn({ err: (event as Event & { error?: unknown }).error }, 'socket error'),
      };
    }),
  );
}
