/**
 * Frames a socket sends in one turn of the event loop leave in one write: an update's sender gets
 * its ack and the server's receive times, a recipient the update and its cursor, and each frame
 * written alone cost a system call of its own (`writev`, a few percent of the server's CPU).
 * The TCP socket is corked on the turn's first frame and uncorked once the turn's promise
 * callbacks have run — or flushed early past `flushBytes`, so a turn that sends a lot never looks
 * like a peer that stopped reading (the socket guard watches the bytes waiting).
 */
import type { Writable } from 'node:stream';
import { WebSocket } from 'ws';

const flushBytes = 64 * 1024;
const corked = new WeakSet<Writable>();

/** The `ws` WebSocket the sync server's sockets are made of (`WebSocketServer`'s `WebSocket`). */
export class CorkingWebSocket extends WebSocket {}

const send = WebSocket.prototype.send as (...args: unknown[]) => void;
CorkingWebSocket.prototype.send = function (this: WebSocket, ...args: unknown[]) {
  const raw = (this as unknown as { _socket?: Writable })._socket;
  if (raw) corkForTurn(raw);
  send.apply(this, args);
} as WebSocket['send'];

function corkForTurn(raw: Writable): void {
  if (corked.has(raw)) {
    if (raw.writableLength > flushBytes) {
      raw.uncork(); // out now; corked again for the rest of the turn
      raw.cork();
    }
    return;
  }
  raw.cork();
  corked.add(raw);
  process.nextTick(() => {
    corked.delete(raw);
    raw.uncork();
  });
}
