/**
 * The device side of the sync protocol (docs/protocol.md), shared by the web app and Node tools.
 *
 * One socket carries every document. Local changes are persisted by the store at once and sent
 * as the difference between the document and what this connection already sent (never more
 * than once per connection, always contiguous, so the server can check each one). The server's
 * acknowledged state vector per document is what makes a tick: anything below it is stored.
 * Incoming frames are handled strictly in order, so the catch-up cursor is saved only after the
 * updates before it.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { closeCodes } from '../contract/codes.ts';
import {
  protocolVersion,
  readServerFrame,
  writeFrame,
  type ServerFrame,
} from '../protocol/frames.ts';
import type { ClientDocStore, ConnectionStatus, SocketLike, SyncClientEvents } from './types.ts';

export interface SyncClientOptions {
  /** ws(s)://host/sync?app=personal */
  url: string;
  store: ClientDocStore;
  createSocket?: (url: string) => SocketLike;
  /** Reconnect backoff bounds in milliseconds. */
  backoff?: { minMs: number; maxMs: number };
}

type Listener<K extends keyof SyncClientEvents> = SyncClientEvents[K];

/** Browsers announce connectivity changes; Node has no such events. */
const host = globalThis as unknown as {
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
};

export function stateVectorToMap(stateVector: Uint8Array): Map<number, number> {
  return Y.decodeStateVector(stateVector);
}

function mergeStates(into: Map<number, number>, from: Map<number, number>): void {
  for (const [client, clock] of from) into.set(client, Math.max(into.get(client) ?? 0, clock));
}

function encodeStates(state: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, state.size);
  for (const [client, clock] of state) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** True when the server state covers everything in the document. */
function covers(server: Map<number, number>, doc: Y.Doc): boolean {
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((server.get(client) ?? 0) < clock) return false;
  }
  return true;
}

export class SyncClient {
  status: ConnectionStatus = 'offline';
  private socket: SocketLike | null = null;
  private running = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly docs = new Map<string, Promise<Y.Doc>>();
  private readonly serverStates = new Map<string, Map<number, number>>();
  /** Per connection: what was already sent of each document (server state plus in-flight). */
  private sent = new Map<string, Map<number, number>>();
  private readonly subscribed = new Set<string>();
  /** Documents the server would not open (too many on the socket): asked for again once per connection. */
  private readonly notOpened = new Set<string>();
  private welcomed = false;
  private caughtUp = false;
  private inbox: Promise<void> = Promise.resolve();
  private readonly listeners = new Map<keyof SyncClientEvents, Set<unknown>>();
  private readonly createSocket: (url: string) => SocketLike;
  private readonly backoff: { minMs: number; maxMs: number };

  constructor(private readonly options: SyncClientOptions) {
    this.createSocket =
      options.createSocket ??
      ((url) =>
        new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(url));
    this.backoff = options.backoff ?? { minMs: 500, maxMs: 10_000 };
  }

  on<K extends keyof SyncClientEvents>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  private emit<K extends keyof SyncClientEvents>(
    event: K,
    ...args: Parameters<SyncClientEvents[K]>
  ): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (...a: Parameters<SyncClientEvents[K]>) => void)(...args);
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    host.addEventListener?.('online', this.onOnline);
    host.addEventListener?.('offline', this.onOffline);
    this.connect();
  }

  stop(): void {
    this.running = false;
    host.removeEventListener?.('online', this.onOnline);
    host.removeEventListener?.('offline', this.onOffline);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'stopped');
    this.socket = null;
    this.setStatus('offline');
  }

  /** Waits until every frame received so far has been handled (for tests and tools). */
  settled(): Promise<void> {
    return this.inbox;
  }

  private readonly onOnline = (): void => {
    if (!this.running || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.connect();
  };

  private readonly onOffline = (): void => {
    this.socket?.close(1000, 'offline');
  };

  private connect(): void {
    this.retryTimer = null;
    this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.welcomed = false;
    this.caughtUp = false;
    this.sent = new Map();
    socket.onopen = () => {
      void this.options.store.loadCursor().then((cursor) => {
        if (this.socket === socket)
          socket.send(writeFrame({ type: 'hello', version: protocolVersion, cursor }));
      });
    };
    socket.onmessage = (event) => {
      const data =
        event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : (event.data as Uint8Array);
      this.inbox = this.inbox
        .then(() => this.handle(socket, data))
        .catch(() => socket.close(closeCodes.malformed, 'bad frame'));
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === closeCodes.signedOut) {
        this.running = false;
        this.setStatus('signed-out');
        return;
      }
      this.setStatus('offline');
      if (event.code === closeCodes.tooOld) this.emit('outdated');
      else if (this.running) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (!this.running || this.retryTimer) return;
    const exp = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => this.connect(), exp / 2 + Math.random() * (exp / 2));
  }

  /** The local document, loaded from the store (created when new) and kept in sync. */
  open(name: string, options: { subscribe?: boolean } = {}): Promise<Y.Doc> {
    if (options.subscribe && !this.subscribed.has(name)) {
      this.subscribed.add(name);
      void this.docs.get(name)?.then((doc) => this.sendStep1(name, doc));
    }
    return this.ensure(name, true);
  }

  /** Loads a document once; `announce` asks the server for it when it was never synced. */
  private ensure(name: string, announce: boolean): Promise<Y.Doc> {
    const existing = this.docs.get(name);
    if (existing) return existing;
    const loading = this.load(name, announce);
    this.docs.set(name, loading);
    return loading;
  }

  private async load(name: string, announce: boolean): Promise<Y.Doc> {
    const doc = await this.options.store.open(name);
    const stored = await this.options.store.loadServerState(name);
    this.serverStates.set(name, stored ? stateVectorToMap(stored) : new Map());
    this.watch(name, doc);
    if (this.subscribed.has(name) || (announce && stored === null)) this.sendStep1(name, doc);
    return doc;
  }

  private watch(name: string, doc: Y.Doc): void {
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      const remote = origin === this;
      if (!remote) {
        void this.options.store.setPending(name, true);
        this.sendChanges(name, doc);
      }
      this.emit('change', name, doc, remote);
    });
  }

  /** Documents the server would not open on this connection (limit_exceeded); retried on the next. */
  get unopened(): ReadonlySet<string> {
    return this.notOpened;
  }

  serverState(name: string): Map<number, number> {
    return this.serverStates.get(name) ?? new Map();
  }

  private send(frame: Parameters<typeof writeFrame>[0]): void {
    if (this.socket && this.socket.readyState === 1) this.socket.send(writeFrame(frame));
  }

  private sendStep1(name: string, doc: Y.Doc): void {
    if (!this.welcomed) return;
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, doc);
    this.send({ type: 'sync', doc: name, body: encoding.toUint8Array(encoder) });
  }

  /** Sends what the server has neither stored nor been sent on this connection. */
  private sendChanges(name: string, doc: Y.Doc): void {
    if (!this.welcomed) return;
    const sent = this.sent.get(name) ?? new Map(this.serverState(name));
    if (covers(sent, doc)) return;
    const update = Y.encodeStateAsUpdate(doc, encodeStates(sent));
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, update);
    this.send({ type: 'sync', doc: name, body: encoding.toUint8Array(encoder) });
    mergeStates(sent, Y.decodeStateVector(Y.encodeStateVector(doc)));
    this.sent.set(name, sent);
    this.refreshStatus();
  }

  private refreshStatus(): void {
    if (!this.welcomed) return;
    const inFlight = [...this.sent].some(([name, sent]) => {
      const server = this.serverState(name);
      return [...sent].some(([client, clock]) => (server.get(client) ?? 0) < clock);
    });
    this.setStatus(this.caughtUp && !inFlight ? 'online' : 'syncing');
  }

  private async handle(socket: SocketLike, data: Uint8Array): Promise<void> {
    if (this.socket !== socket) return;
    const frame = readServerFrame(data);
    switch (frame.type) {
      case 'welcome':
        return this.onWelcome(frame.identity);
      case 'sync':
        return this.onSync(frame.doc, frame.body);
      case 'ack':
        return this.onAck(frame.doc, frame.stateVector);
      case 'cursor':
        await this.options.store.saveCursor(frame.cursor);
        this.caughtUp = true;
        this.refreshStatus();
        return;
      case 'error':
        return this.onError(frame);
    }
  }

  private async onWelcome(identity: string): Promise<void> {
    this.welcomed = true;
    this.attempt = 0;
    this.setStatus('syncing');
    this.emit('identity', identity);
    for (const name of await this.options.store.pendingDocs()) {
      this.sendChanges(name, await this.ensure(name, false));
    }
    // Documents the last connection could not open are asked for once more, on this one.
    const again = new Set([...this.subscribed, ...this.notOpened]);
    this.notOpened.clear();
    for (const name of again) this.sendStep1(name, await this.ensure(name, false));
  }

  private async onSync(name: string, body: Uint8Array): Promise<void> {
    const doc = await this.ensure(name, false);
    const decoder = decoding.createDecoder(body);
    const reply = encoding.createEncoder();
    const type = decoding.peekVarUint(decoder);
    const server = this.serverState(name);
    if (type === syncProtocol.messageYjsSyncStep1) {
      // The server tells what it has: remember it, then answer with what it lacks.
      const copy = decoding.createDecoder(body);
      decoding.readVarUint(copy);
      mergeStates(server, Y.decodeStateVector(decoding.readVarUint8Array(copy)));
    } else {
      const copy = decoding.createDecoder(body);
      decoding.readVarUint(copy);
      mergeStates(
        server,
        Y.decodeStateVector(Y.encodeStateVectorFromUpdate(decoding.readVarUint8Array(copy))),
      );
    }
    syncProtocol.readSyncMessage(decoder, reply, doc, this);
    this.serverStates.set(name, server);
    await this.options.store.saveServerState(name, encodeStates(server));
    if (encoding.length(reply) > 0) {
      // A step 2 answering the server's step 1: the changes in it now count as sent.
      this.send({ type: 'sync', doc: name, body: encoding.toUint8Array(reply) });
      const sent = this.sent.get(name) ?? new Map(server);
      mergeStates(sent, Y.decodeStateVector(Y.encodeStateVector(doc)));
      this.sent.set(name, sent);
    }
    this.afterServerState(name, doc);
  }

  private async onAck(name: string, stateVector: Uint8Array): Promise<void> {
    const doc = await this.ensure(name, false);
    const server = this.serverState(name);
    mergeStates(server, stateVectorToMap(stateVector));
    this.serverStates.set(name, server);
    await this.options.store.saveServerState(name, encodeStates(server));
    this.afterServerState(name, doc);
    this.emit('ack', name, server);
  }

  private afterServerState(name: string, doc: Y.Doc): void {
    if (covers(this.serverState(name), doc)) void this.options.store.setPending(name, false);
    this.refreshStatus();
  }

  private async onError(frame: Extract<ServerFrame, { type: 'error' }>): Promise<void> {
    const { doc: name, type: _type, ...refusal } = frame;
    if (!name) {
      if (frame.kind === 'version_too_old') this.emit('outdated');
      return;
    }
    if (frame.kind === 'limit_exceeded') {
      // Too many documents open on this socket: nothing about the document was refused, so keep
      // it as it is and ask again only after the next reconnect, never in a loop on this one.
      this.notOpened.add(name);
      this.emit('notOpened', name, refusal);
      return;
    }
    // The server refused a change to this document: roll back to the server's copy. A document
    // this identity may not open is dropped without asking again.
    const rejected = frame.kind === 'forbidden' || frame.kind === 'unknown_document';
    const fresh = await this.options.store.reset(name);
    this.serverStates.set(name, new Map());
    this.sent.delete(name);
    this.subscribed.delete(name);
    this.watch(name, fresh);
    this.docs.set(name, Promise.resolve(fresh));
    await this.options.store.setPending(name, false);
    if (!rejected) this.sendStep1(name, fresh);
    this.emit('refused', name, refusal, fresh);
  }
}
