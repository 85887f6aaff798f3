/**
 * The device side of the sync protocol (docs/protocol.md), shared by the web app and Node tools.
 *
 * One socket carries every document. Local changes are persisted by the store at once and sent
 * as the difference between the document and what this connection already sent (never more
 * than once per connection, always contiguous, so the server can check each one). The server's
 * acknowledged state vector per document is what makes a tick: anything below it is stored.
 * The socket itself (hello, frames in order, reconnects) is socket-link.ts.
 *
 * A refused change is rolled back, never wiped: the store rebuilds the document from its log
 * without the changes the server does not have, after `keepRefused` kept what the app wants of
 * them (its unsent messages). The document stays on the device.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { protocolVersion, type ClientFrame, type ServerFrame } from '../protocol/frames.ts';
import type { ConnectionStatus, SyncClientEvents, SyncClientOptions } from './types.ts';
import { covers, encodeStates, mergeStates, stateVectorToMap } from './state-vectors.ts';
import { Emitter } from './emitter.ts';
import { SocketLink } from './socket-link.ts';
import { SentChanges } from './sent-changes.ts';
import {
  carriesNothing,
  serverStateIn,
  step1Body,
  step2Body,
  step2Update,
  updateBody,
} from './sync-bodies.ts';
import { splitUpdate } from './update-pieces.ts';

export class SyncClient extends Emitter<SyncClientEvents> {
  status: ConnectionStatus = 'offline';
  private readonly link: SocketLink;
  private readonly docs = new Map<string, Promise<Y.Doc>>();
  /** The current Y.Doc of each loaded document: a rollback replaces it, and the old one goes quiet. */
  private readonly current = new Map<string, Y.Doc>();
  private readonly serverStates = new Map<string, Map<number, number>>();
  private readonly sent = new SentChanges();
  private readonly subscribed = new Set<string>();
  /** Documents the server would not open (too many on the socket): asked for again once per connection. */
  private readonly notOpened = new Set<string>();
  /** Documents this identity may not open (someone's profile who blocked it): not asked again. */
  private readonly rejected = new Set<string>();
  private welcomed = false;
  private caughtUp = false;

  constructor(private readonly options: SyncClientOptions) {
    super();
    this.link = new SocketLink(options, {
      connecting: () => {
        this.welcomed = false;
        this.caughtUp = false;
        this.sent.clear();
      },
      hello: async () => ({
        type: 'hello',
        version: protocolVersion,
        cursor: await this.options.store.loadCursor(),
      }),
      frame: (frame) => this.handle(frame),
      // Its document loads now, not after the frames before it: a catch-up's are read together.
      received: (frame) => {
        if (frame.type === 'sync') void this.ensure(frame.doc, false).catch(() => undefined);
      },
      status: (status) => this.setStatus(status),
      outdated: () => this.emit('outdated'),
    });
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  start(): void {
    this.link.start();
  }

  stop(): void {
    this.link.stop();
  }

  /** Waits until every frame received so far has been handled (for tests and tools). */
  settled(): Promise<void> {
    return this.link.settled();
  }

  /** The local document, loaded from the store (created when new) and kept in sync. */
  open(name: string, options: { subscribe?: boolean } = {}): Promise<Y.Doc> {
    if (options.subscribe && !this.subscribed.has(name) && !this.rejected.has(name)) {
      this.subscribed.add(name);
      void this.docs.get(name)?.then((doc) => this.sendStep1(name, doc));
    }
    return this.ensure(name, true);
  }

  /** Loads a document once; `announce` asks the server for it when it was never synced. */
  private ensure(name: string, announce: boolean): Promise<Y.Doc> {
    const loading = this.docs.get(name) ?? this.load(name, announce);
    this.docs.set(name, loading);
    return loading;
  }

  private async load(name: string, announce: boolean): Promise<Y.Doc> {
    const doc = await this.options.store.open(name);
    const stored = await this.options.store.loadServerState(name);
    this.serverStates.set(name, stored ? stateVectorToMap(stored) : new Map());
    this.current.set(name, doc);
    this.watch(name, doc);
    if (this.subscribed.has(name) || (announce && stored === null)) this.sendStep1(name, doc);
    return doc;
  }

  private watch(name: string, doc: Y.Doc): void {
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      // A document replaced by a rollback is no longer synced; its changes stay local.
      if (this.current.get(name) !== doc) return;
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

  private send(frame: ClientFrame): void {
    this.link.send(frame);
  }

  /** Sends a presence update for a conversation (sync/src/presence); dropped while not welcomed. */
  sendAwareness(doc: string, body: Uint8Array): void {
    if (this.welcomed) this.send({ type: 'awareness', doc, body });
  }

  private sendStep1(name: string, doc: Y.Doc): void {
    if (!this.welcomed) return;
    this.send({ type: 'sync', doc: name, body: step1Body(doc) });
  }

  /** Sends what the server has neither stored nor been sent on this connection. */
  private sendChanges(name: string, doc: Y.Doc): void {
    if (!this.welcomed) return;
    const sent = this.sent.of(name, this.serverState(name));
    if (covers(sent, doc)) return;
    const update = Y.encodeStateAsUpdate(doc, encodeStates(sent));
    // A backlog goes out in pieces the server accepts (a refused one would be rolled back).
    const known = new Map(sent);
    mergeStates(known, this.serverState(name));
    for (const piece of splitUpdate(update, known))
      this.send({ type: 'sync', doc: name, body: updateBody(piece) });
    this.sent.record(name, sent, doc);
    this.refreshStatus(name);
  }

  /** Online once caught up with nothing in flight (`changed`: the document whose state changed). */
  private refreshStatus(changed?: string): void {
    if (changed !== undefined) this.sent.check(changed, this.serverState(changed));
    if (!this.welcomed) return;
    this.setStatus(this.caughtUp && !this.sent.inFlight ? 'online' : 'syncing');
  }

  private async handle(frame: ServerFrame): Promise<void> {
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
      case 'awareness':
        this.emit('awareness', frame.doc, frame.body);
    }
  }

  private async onWelcome(identity: string): Promise<void> {
    this.welcomed = true;
    this.link.welcomed();
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
    const server = this.serverState(name);
    // The server tells what it has (step 1), or sends changes it has: either way it has them.
    mergeStates(server, serverStateIn(body));
    syncProtocol.readSyncMessage(decoder, reply, doc, this);
    this.serverStates.set(name, server);
    await this.options.store.saveServerState(name, encodeStates(server));
    // A step 2 answering the server's step 1, unless there is nothing to send: with many
    // documents open, empty answers would queue up at the server ahead of real writes.
    if (encoding.length(reply) > 0 && !carriesNothing(encoding.toUint8Array(reply))) {
      // The changes in it now count as sent; like any backlog, in pieces the server accepts.
      for (const piece of splitUpdate(step2Update(encoding.toUint8Array(reply)), server))
        this.send({ type: 'sync', doc: name, body: step2Body(piece) });
      this.sent.record(name, this.sent.of(name, server), doc);
    }
    await this.afterServerState(name, doc);
  }

  private async onAck(name: string, stateVector: Uint8Array): Promise<void> {
    const doc = await this.ensure(name, false);
    const server = this.serverState(name);
    mergeStates(server, stateVectorToMap(stateVector));
    this.serverStates.set(name, server);
    await this.options.store.saveServerState(name, encodeStates(server));
    await this.afterServerState(name, doc);
    this.emit('ack', name, server);
  }

  private async afterServerState(name: string, doc: Y.Doc): Promise<void> {
    if (covers(this.serverState(name), doc)) await this.options.store.setPending(name, false);
    this.refreshStatus(name);
  }

  private async onError(frame: Extract<ServerFrame, { type: 'error' }>): Promise<void> {
    const { doc: name, type: _type, ...refusal } = frame;
    if (!name) {
      // A connection-level notice: the server speaks a newer protocol than this app.
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
    // The server refused a change to this document (or to open it): roll back to what the server
    // has, after the app kept what it wants of the refused changes. The document stays on the
    // device.
    const doc = await this.ensure(name, false);
    const server = this.serverState(name);
    const rollingBack = !covers(server, doc);
    // An open this identity may not make (nothing of its own to roll back) is not made again.
    const rejected =
      !rollingBack && (frame.kind === 'forbidden' || frame.kind === 'unknown_document');
    let kept = doc;
    if (rollingBack) {
      await this.options.keepRefused?.({ ...refusal, name, doc, serverState: server });
      kept = await this.options.store.rollback(name, encodeStates(server));
      this.current.set(name, kept);
      this.docs.set(name, Promise.resolve(kept));
      this.watch(name, kept);
    }
    this.sent.forget(name);
    await this.options.store.setPending(name, false);
    // After a rollback, ask what the server has beyond it; a second refusal of changes already
    // rolled back asks nothing.
    if (rollingBack) this.sendStep1(name, kept);
    else if (rejected) {
      this.subscribed.delete(name);
      this.rejected.add(name);
    }
    this.refreshStatus(name);
    this.emit('refused', name, refusal, kept);
  }
}
