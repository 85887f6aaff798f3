/**
 * A signed-in sync socket that speaks frames directly, for benchmarks that need many sockets
 * (a full SyncClient per socket would measure the client, not the server) or exact timing of
 * one update → ack round trip. It keeps no frames: a caller waits for the next matching one.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { protocolVersion, readServerFrame, writeFrame, type ServerFrame } from '@souk/sync';

export interface BenchSocket {
  /** Sends a Yjs update for `doc` and resolves with the ack (or rejects with the server's error). */
  update(doc: string, update: Uint8Array): Promise<ServerFrame>;
  /** Opens `doc` (sync step 1 with an empty state vector) and resolves with the server's step 2. */
  open(doc: string): Promise<ServerFrame>;
  close(): void;
}

function syncBody(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * Connects with `cookie`, says hello with `cursor` and resolves once catch-up's cursor arrived.
 * `localAddress` (127.0.0.x) gives a source address of its own: each has about 28,000 ports.
 */
export async function benchSocket(
  baseUrl: string,
  cookie: string,
  cursor = '0',
  localAddress?: string,
) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sync?app=personal`, {
    headers: { cookie },
    origin: new URL(baseUrl).origin,
    localAddress,
  });
  ws.binaryType = 'arraybuffer';
  const waiters = new Set<(frame: ServerFrame) => boolean>();
  ws.on('message', (data: ArrayBuffer) => {
    const frame = readServerFrame(new Uint8Array(data));
    for (const waiter of waiters) if (waiter(frame)) waiters.delete(waiter);
  });
  const next = (match: (frame: ServerFrame) => boolean, what: string, ms = 60_000) =>
    new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no ${what} within ${ms} ms`));
      }, ms);
      const waiter = (frame: ServerFrame) => {
        if (frame.type === 'error') {
          clearTimeout(timer);
          reject(new Error(`${frame.kind}: ${frame.message}`));
          return true;
        }
        if (!match(frame)) return false;
        clearTimeout(timer);
        resolve(frame);
        return true;
      };
      waiters.add(waiter);
    });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const caughtUp = next((f) => f.type === 'cursor', 'catch-up cursor');
  ws.send(writeFrame({ type: 'hello', version: protocolVersion, cursor }));
  await caughtUp;

  const socket: BenchSocket = {
    update(doc, update) {
      const acked = next((f) => f.type === 'ack' && f.doc === doc, `ack for ${doc}`);
      const body = syncBody((e) => syncProtocol.writeUpdate(e, update));
      ws.send(writeFrame({ type: 'sync', doc, body }));
      return acked;
    },
    open(doc) {
      // The reply to step 1 is step 2 (the document) followed by the server's own step 1.
      const opened = next((f) => f.type === 'sync' && f.doc === doc, `${doc} opened`);
      const body = syncBody((e) => {
        encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
        encoding.writeVarUint8Array(e, new Uint8Array([0]));
      });
      ws.send(writeFrame({ type: 'sync', doc, body }));
      return opened;
    },
    close: () => ws.close(),
  };
  return socket;
}
