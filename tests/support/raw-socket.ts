/** A bare protocol socket for tests that speak frames directly, the way a modified client would. */
import WebSocket from 'ws';
import {
  protocolVersion,
  readServerFrame,
  writeFrame,
  type ClientFrame,
  type ServerFrame,
} from '@souk/sync';

export interface RawSocket {
  frames: ServerFrame[];
  /** The byte length of each frame, as received. */
  sizes: number[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: ClientFrame | Uint8Array): void;
  next(predicate: (frame: ServerFrame) => boolean, ms?: number): Promise<ServerFrame>;
  close(): void;
}

export async function rawSocket(
  baseUrl: string,
  cookie?: string,
  app: 'personal' | 'business' = 'personal',
  /** The protocol version the socket reads frames in (what its hello will say). */
  version = protocolVersion,
): Promise<RawSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sync?app=${app}`, {
    headers: cookie ? { cookie } : {},
    // A page of the app itself opens the socket (any other origin is refused).
    origin: new URL(baseUrl).origin,
  });
  ws.binaryType = 'arraybuffer';
  const frames: ServerFrame[] = [];
  const sizes: number[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: ArrayBuffer) => {
    sizes.push(data.byteLength);
    frames.push(readServerFrame(new Uint8Array(data), version));
    waiters.forEach((w) => w());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    frames,
    sizes,
    closed,
    send: (frame) => ws.send(frame instanceof Uint8Array ? frame : writeFrame(frame, version)),
    next: (predicate, ms = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame; got ${frames.map((f) => f.type).join(',')}`));
        }, ms);
        waiters.add(check);
        check();
      }),
    close: () => ws.close(),
  };
}
