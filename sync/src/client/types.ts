/**
 * What the sync client needs from its environment, so the same engine runs in the browser
 * (Dexie storage, the DOM WebSocket) and in Node (memory storage, the `ws` package).
 */
import type * as Y from 'yjs';
import type { ErrorFrame } from '../protocol/frames.ts';

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

/** Local storage of documents and sync bookkeeping. Implementations persist every change. */
export interface ClientDocStore {
  /** Loads (or creates) a document; the store persists every later update of it. */
  open(name: string): Promise<Y.Doc>;
  /** Replaces a document with an empty one (after the server refused a change to it). */
  reset(name: string): Promise<Y.Doc>;
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
  /** The server refused a change; the document was rolled back to the server's copy. */
  refused(name: string, refusal: Refusal, rolledBack: Y.Doc): void;
  /** The server would not open a document on this connection (too many open); asked again after a reconnect. */
  notOpened(name: string, refusal: Refusal): void;
  /** The server speaks a newer protocol (or no longer this one): the app should update. */
  outdated(): void;
  /** The identity this socket is signed in as (from `welcome`). */
  identity(id: string): void;
}
