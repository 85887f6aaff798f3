/**
 * The open sockets of the `ws` server (/sync and /yjs/<doc>), each with the handlers its events
 * go to. Tens of thousands sit idle on one process, so this is one map entry per socket: the
 * `ws` server's own tracking (`clientTracking`, off) kept a set entry, a `close` closure and a
 * listener array per socket, and three closures of its own per socket fed the handlers; now three
 * listener functions serve every socket and find its handlers here.
 *
 * Shutdown closes them all and waits for them (close-sockets.ts); the metrics count them.
 */
import type { RawData, WebSocket } from 'ws';
import type { SocketHandlers } from '../sync/sync-socket.ts';
import type { Logger } from '../logger.ts';

export class LiveSockets {
  private readonly open = new Map<WebSocket, SocketHandlers>();
  private readonly listeners: Listeners;
  private emptied: (() => void) | null = null;

  constructor(logger: Logger) {
    this.listeners = listeners(this.open, logger, () => {
      if (this.open.size === 0) this.emptied?.();
    });
  }

  get size(): number {
    return this.open.size;
  }

  /** The open sockets (shutdown). */
  sockets(): IterableIterator<WebSocket> {
    return this.open.keys();
  }

  /** Feeds `ws`'s events to `handlers` until it closes. */
  listen(ws: WebSocket, handlers: SocketHandlers): void {
    this.open.set(ws, handlers);
    ws.on('message', this.listeners.message);
    ws.on('close', this.listeners.close);
    ws.on('error', this.listeners.error);
  }

  /** Resolves once no socket is open. */
  drained(): Promise<void> {
    if (this.open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.emptied = resolve;
    });
  }
}

interface Listeners {
  message(this: WebSocket, data: RawData, isBinary: boolean): void;
  close(this: WebSocket): void;
  error(this: WebSocket, error: Error): void;
}

/** The listeners every socket shares (`ws` calls them with the socket as `this`). */
function listeners(
  open: Map<WebSocket, SocketHandlers>,
  logger: Logger,
  closed: () => void,
): Listeners {
  return {
    message(data, isBinary) {
      open.get(this)?.message(isBinary ? copy(data) : data.toString());
    },
    close() {
      const handlers = open.get(this);
      open.delete(this);
      handlers?.closed();
      closed();
    },
    error(error) {
      logger.warn({ err: error }, 'socket error');
    },
  };
}

/** A frame's bytes in a buffer of their own (not a view into the socket's read buffer). */
function copy(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data instanceof ArrayBuffer ? data.slice(0) : data);
}
