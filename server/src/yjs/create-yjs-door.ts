/** The y-websocket door's parts, wired from the server's: its sockets and its tokens. */
import type { Db } from '../db/open.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Hub } from '../sync/hub.ts';
import { socketLimits, type SocketLimits } from '../sync/socket-guard.ts';
import type { Submitter } from '../submit/submit.ts';
import { YjsServer } from './yjs-server.ts';
import { YjsTokens } from './yjs-tokens.ts';
import { clientOwner } from './client-owner.ts';
import { awarenessLimits, type AwarenessLimits } from './yjs-awareness-budget.ts';

export interface YjsDoorOptions {
  /** What awareness one y-websocket socket may send (yjs-awareness-budget.ts). */
  awarenessLimits?: Partial<AwarenessLimits>;
}

export function createYjsDoor(
  parts: { db: Db; store: DocStore; hub: Hub; submit: Submitter; clock: Clock; logger: Logger },
  options: YjsDoorOptions & { socketLimits?: Partial<SocketLimits> },
): { server: YjsServer; tokens: YjsTokens } {
  return {
    server: new YjsServer({
      ...parts,
      logger: parts.logger.child({ part: 'yjs' }),
      ownerOf: clientOwner(parts.db),
      socketLimits: { ...socketLimits, ...options.socketLimits },
      awarenessLimits: { ...awarenessLimits, ...options.awarenessLimits },
    }),
    tokens: new YjsTokens(parts.db, parts.clock),
  };
}
