/**
 * The two sides of a socket as the sync and y-websocket connections see it, whatever carries it
 * (`ws` in the server, an in-memory pair in tests): what they may do with it, and what its
 * adapter (http/live-sockets.ts) tells them.
 */

/** What the WebSocket adapter calls for one socket. */
export interface SocketHandlers {
  message(data: string | ArrayBuffer | Uint8Array): void;
  closed(): void;
}

/** What a connection needs of its socket (a `ws` WebSocket is one). */
export interface SyncSocket {
  readonly readyState: number;
  /** Bytes queued but not yet sent (the peer reads slower than we write). */
  readonly bufferedAmount?: number;
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}
