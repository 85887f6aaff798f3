/**
 * What the sync client needs from its environment, so the same engine runs in the browser
 * (Dexie storage, the DOM WebSocket) and in Node (memory storage, the `ws` package).
 */
import type * as Y from 'yjs';
import type { ErrorFrame } from '../protocol/frames.ts';
import type { Timers } from './reconnect.ts';

/** The part of the WebSocket API the client uses (the DOM WebSocket and `ws` both fit). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/**
 * Local storage of documents and sync bookkeeping. Implementations persist every change; they may
 * write server states, pending marks and updates behind (in batches) as long as `saveCursor`
 * waits for every write asked for before it, and `rollback` for those of its document.
 */
export interface ClientDocStore {
  /** Loads (or creates) a document; the store persists every later update of it. */
  open(name: string): Promise<Y.Doc>;
  /**
   * Rolls a document back to what the server has: keeps the stored changes `serverState` (a
   * state vector) covers and drops the rest for good, then loads the result (a new Y.Doc, since
   * Yjs cannot take changes out of one). Never erases what the server has; a refused change is
   * dropped with its deletions, so a value it replaced comes back. Changes that only delete
   * carry no clock to compare and are kept.
   */
  rollback(name: string, serverState: Uint8Array): Promise<Y.Doc>;
  /** The server's state vector of a document as last acknowledged, or null. */
  loadServerState(name: string): Promise<Uint8Array | null>;
  saveServerState(name: string, stateVector: Uint8Array): Promise<void>;
  /** Documents with local changes the server has not acknowledged yet. */
  pendingDocs(): Promise<string[]>;
  setPending(name: string, pending: boolean): Promise<void>;
  loadCursor(): Promise<string>;
  saveCursor(cursor: string): Promise<void>;
}

/** A refusal from the server: translate `code` (with `details`); `message` is English, for logs. */
export type Refusal = Omit<ErrorFrame, 'type' | 'doc'>;

export type ConnectionStatus = 'offline' | 'connecting' | 'syncing' | 'online' | 'signed-out';

export interface SyncClientEvents {
  /** Connection state changed. */
  status(status: ConnectionStatus): void;
  /** A document changed (locally or from the server); `remote` is true for server updates. */
  change(name: string, doc: Y.Doc, remote: boolean): void;
  /** The server acknowledged (stored) changes of a document: ticks may have moved. */
  ack(name: string, serverState: Map<number, number>): void;
  /**
   * The server refused a change (or to open the document); the document was rolled back to the
   * server's copy, `rolledBack`, and is kept on the device.
   */
  refused(name: string, refusal: Refusal, rolledBack: Y.Doc): void;
  /** The server would not open a document on this connection (too many open); asked again after a reconnect. */
  notOpened(name: string, refusal: Refusal): void;
  /** The server speaks a newer protocol (or no longer this one): the app should update. */
  outdated(): void;
  /** The identity this socket is signed in as (from `welcome`). */
  identity(id: string): void;
  /** A presence update for a conversation (sync/src/presence/presence-client.ts reads it). */
  awareness(doc: string, body: Uint8Array): void;
}

/** A refused change as the client hands it to `keepRefused`, before the rollback is stored. */
export interface RefusedChange extends Refusal {
  name: string;
  /** The document as it was, refused changes included. */
  doc: Y.Doc;
  /** What the server has of it: changes above this are the ones rolled back. */
  serverState: Map<number, number>;
}

/** How the socket is made and how reconnects are timed. */
export interface LinkOptions {
  /** ws(s)://host/sync?app=personal */
  url: string;
  createSocket?: (url: string) => SocketLike;
  backoff?: { minMs: number; maxMs: number };
  timers?: Timers;
}

/**
 * `url` is ws(s)://host/sync?app=personal; `timers` schedule reconnects (setTimeout by default;
 * tests pass ones they run by hand).
 */
export interface SyncClientOptions extends LinkOptions {
  store: ClientDocStore;
  /**
   * Called with a refused document before it is rolled back, and awaited: what the device keeps
   * of the refused changes (the app's unsent messages) is stored before they leave the document.
   */
  keepRefused?: (refusal: RefusedChange) => Promise<void>;
}
