/**
 * A small server of the sync protocol for SyncClient unit tests, played over TestSockets: hello →
 * welcome → catch-up since the cursor → cursor; step 1 answered with step 2 and step 1; updates
 * stored and acknowledged, or refused by the test's `refuse` rule. It checks nothing else; the real
 * server's rules are tested in tests/integration against the real server.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  errorFrame,
  readClientFrame,
  writeFrame,
  type ServerFrame,
} from '../../protocol/frames.ts';
import type { ErrorKind, Reason } from '../../contract/codes.ts';
import { TestSocket } from './socket-pair.ts';

/** A refusal as the real server sends it: a kind and a reason (code and details). */
export interface TestRefusal extends Reason {
  kind: ErrorKind;
}

function body(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export class TestServer {
  readonly docs = new Map<string, Y.Doc>();
  /** Committed updates in order; a cursor is a position in it. */
  private readonly log: Array<{ doc: string; update: Uint8Array }> = [];
  readonly sockets: TestSocket[] = [];
  /** Refuses an update (return why), or lets it through (null). */
  refuse: (doc: string, update: Uint8Array) => TestRefusal | null = () => null;
  /** Refuses to open a document (a step 1), or lets it open (null). */
  refuseOpen: (doc: string) => TestRefusal | null = () => null;
  /** Every document a step 1 asked for, in order. */
  readonly opens: string[] = [];
  /** While false, new sockets are dropped at once (the server is unreachable). */
  reachable = true;
  /** Every hello's cursor, in order. */
  readonly hellos: string[] = [];

  constructor(readonly identity = 'me') {}

  /** For SyncClientOptions.createSocket. */
  readonly createSocket = (url: string): TestSocket => {
    const socket = new TestSocket(url);
    this.sockets.push(socket);
    return socket;
  };

  doc(name: string): Y.Doc {
    let doc = this.docs.get(name);
    if (!doc) {
      doc = new Y.Doc();
      this.docs.set(name, doc);
    }
    return doc;
  }

  /** A change made on the server (another device's), committed and sent to open sockets. */
  write(name: string, change: (doc: Y.Doc) => void): void {
    const doc = this.doc(name);
    const before = Y.encodeStateVector(doc);
    change(doc);
    this.commit(name, Y.encodeStateAsUpdate(doc, before));
  }

  private commit(name: string, update: Uint8Array): void {
    this.log.push({ doc: name, update });
    for (const socket of this.live()) {
      this.send(socket, {
        type: 'sync',
        doc: name,
        body: body(syncProtocol.messageYjsUpdate, update),
      });
      this.send(socket, { type: 'cursor', cursor: String(this.log.length) });
    }
  }

  private live(): TestSocket[] {
    return this.sockets.filter((socket) => socket.readyState === 1 && this.welcomed.has(socket));
  }

  private readonly welcomed = new Set<TestSocket>();

  private send(socket: TestSocket, frame: ServerFrame): void {
    socket.push(writeFrame(frame));
  }

  /** Drops every open connection (the network went away). */
  dropAll(code = 1006): void {
    for (const socket of this.sockets) socket.drop(code);
  }

  /**
   * Moves everything one step: accepts (or drops) new sockets, handles what clients sent, then
   * hands clients what waits for them. Returns how much moved (0: quiet).
   */
  pump(): number {
    let moved = 0;
    for (const socket of this.sockets) {
      if (socket.readyState === 0) {
        if (this.reachable) socket.accept();
        else socket.drop();
      }
      for (const data of socket.outgoing.splice(0)) {
        moved++;
        this.handle(socket, data);
      }
    }
    for (const socket of this.sockets) moved += socket.deliver();
    return moved;
  }

  private handle(socket: TestSocket, data: Uint8Array): void {
    const frame = readClientFrame(data);
    if (frame.type === 'hello') {
      this.hellos.push(frame.cursor);
      this.welcomed.add(socket);
      this.send(socket, { type: 'welcome', version: frame.version, identity: this.identity });
      const from = Number(frame.cursor || '0');
      const changed = new Set(this.log.slice(from).map((entry) => entry.doc));
      for (const name of changed) {
        const update = Y.encodeStateAsUpdate(this.doc(name));
        this.send(socket, {
          type: 'sync',
          doc: name,
          body: body(syncProtocol.messageYjsUpdate, update),
        });
      }
      this.send(socket, { type: 'cursor', cursor: String(this.log.length) });
      return;
    }
    const decoder = decoding.createDecoder(frame.body);
    const type = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    const doc = this.doc(frame.doc);
    if (type === syncProtocol.messageYjsSyncStep1) {
      this.opens.push(frame.doc);
      const refusal = this.refuseOpen(frame.doc);
      if (refusal) return this.send(socket, errorFrame(frame.doc, refusal.kind, refusal));
      const diff = Y.encodeStateAsUpdate(doc, payload);
      this.send(socket, {
        type: 'sync',
        doc: frame.doc,
        body: body(syncProtocol.messageYjsSyncStep2, diff),
      });
      this.send(socket, {
        type: 'sync',
        doc: frame.doc,
        body: body(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(doc)),
      });
      return;
    }
    // Like the real server, an update that writes nothing is never refused.
    const empty =
      Y.parseUpdateMeta(payload).to.size === 0 && Y.decodeUpdate(payload).ds.clients.size === 0;
    const refusal = empty ? null : this.refuse(frame.doc, payload);
    if (refusal) {
      this.send(socket, errorFrame(frame.doc, refusal.kind, refusal));
      return;
    }
    const before = Y.encodeStateVector(doc);
    Y.applyUpdate(doc, payload);
    const stored = Y.encodeStateAsUpdate(doc, before);
    this.send(socket, { type: 'ack', doc: frame.doc, stateVector: Y.encodeStateVector(doc) });
    if (Y.parseUpdateMeta(stored).to.size > 0) this.commitFrom(socket, frame.doc, stored);
  }

  /** Commits a device's update and forwards it to every other open socket. */
  private commitFrom(sender: TestSocket, name: string, update: Uint8Array): void {
    this.log.push({ doc: name, update });
    for (const socket of this.live()) {
      if (socket === sender) continue;
      this.send(socket, {
        type: 'sync',
        doc: name,
        body: body(syncProtocol.messageYjsUpdate, update),
      });
    }
  }
}
