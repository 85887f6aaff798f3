/**
 * The sync client's one socket: opens it, says hello, hands each server frame on strictly in
 * order (the next waits until the last was handled, so the catch-up cursor is saved only after
 * the updates before it), and connects again after a close (see reconnect.ts). It knows nothing
 * about documents; the client does.
 */
import { readServerFrame, writeFrame, type Frame, type ServerFrame } from '../protocol/frames.ts';
import { closeCodes } from '../contract/codes.ts';
import { Reconnect, realTimers } from './reconnect.ts';
import type { ConnectionStatus, LinkOptions, SocketLike } from './types.ts';

export interface LinkHooks {
  /** A new socket is opening: forget what the last one sent. */
  connecting(): void;
  /** The hello frame to open with (it carries the stored catch-up cursor). */
  hello(): Promise<Frame>;
  frame(frame: ServerFrame): Promise<void>;
  /** A frame arrived; `frame` handles it once those before it are handled. */
  received(frame: ServerFrame): void;
  status(status: Extract<ConnectionStatus, 'offline' | 'connecting' | 'signed-out'>): void;
  /** Closed as too old (4426): no reconnect until the app is updated. */
  outdated(): void;
}

export class SocketLink {
  private socket: SocketLike | null = null;
  private inbox: Promise<void> = Promise.resolve();
  private readonly reconnect: Reconnect;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(
    private readonly options: LinkOptions,
    private readonly hooks: LinkHooks,
  ) {
    this.createSocket =
      options.createSocket ??
      ((url) =>
        new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(url));
    this.reconnect = new Reconnect(
      {
        connect: () => this.connect(),
        connected: () => this.socket !== null,
        drop: () => this.drop(),
      },
      options.timers ?? realTimers,
      options.backoff ?? { minMs: 500, maxMs: 10_000 },
    );
  }

  start(): void {
    if (this.reconnect.running) return;
    this.reconnect.start();
    this.connect();
  }

  stop(): void {
    this.reconnect.stop();
    this.socket?.close(1000, 'stopped');
    this.socket = null;
    this.hooks.status('offline');
  }

  /**
   * The browser went offline: the socket is closed and forgotten at once, so the 'online' that
   * follows connects anew even while the old socket still waits for its close handshake (which
   * may not finish while offline); until then, attempts back off as after any close.
   */
  private drop(): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    socket.close(1000, 'offline');
    this.hooks.status('offline');
    this.reconnect.schedule();
  }

  /** The server welcomed this connection: a later failure backs off from the start again. */
  welcomed(): void {
    this.reconnect.succeeded();
  }

  send(frame: Frame): void {
    if (this.socket && this.socket.readyState === 1) this.socket.send(writeFrame(frame));
  }

  /** Waits until every frame received so far has been handled (for tests and tools). */
  async settled(): Promise<void> {
    let inbox;
    do {
      inbox = this.inbox;
      await inbox;
    } while (inbox !== this.inbox);
  }

  /** Runs `step` after everything queued on this socket; a failure closes the socket as malformed. */
  private queue(socket: SocketLike, step: () => Promise<void>): void {
    this.inbox = this.inbox
      .then(() => (this.socket === socket ? step() : undefined))
      .catch(() => socket.close(closeCodes.malformed, 'bad frame'));
  }

  private connect(): void {
    this.hooks.status('connecting');
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.reconnect.schedule();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.hooks.connecting();
    socket.onopen = () => this.queue(socket, async () => this.send(await this.hooks.hello()));
    socket.onmessage = (event) => {
      const data =
        event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : (event.data as Uint8Array);
      let frame: ServerFrame;
      try {
        frame = readServerFrame(data);
      } catch (error) {
        this.queue(socket, () => Promise.reject(error));
        return;
      }
      if (this.socket === socket) this.hooks.received(frame);
      this.queue(socket, () => this.hooks.frame(frame));
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === closeCodes.signedOut) {
        this.reconnect.stop();
        this.hooks.status('signed-out');
        return;
      }
      this.hooks.status('offline');
      if (event.code === closeCodes.tooOld) this.hooks.outdated();
      else this.reconnect.schedule();
    };
  }
}
