/**
 * What one sync socket may cost the server, whatever its peer does (docs/protocol.md, "Limits
 * and close codes"):
 * - frames waiting to be handled: at most `maxInboundBytes` and `maxInboundFrames` — a client
 *   sending faster than the server handles (a flood) is closed with 4413;
 * - bytes waiting to go out: at most `maxOutboundBytes` — a peer that stopped reading (a slow
 *   reader) is closed with 4408; a bulk send (catch-up) waits for room instead, up to
 *   `slowReaderMs`;
 * - refused frames (updates the rules refuse, documents it may not open, malformed messages): a
 *   burst of `refusalBurst`, then `refusalsPerMinute` — a socket that keeps sending them is
 *   closed with 4422.
 * The close frame waits behind what is already buffered; a peer that never reads is cut by `ws`
 * 30 seconds later, so the buffer is freed either way.
 */
import { closeCodes } from '@souk/sync';
import type { SyncSocket } from './sync-socket.ts';

export interface SocketLimits {
  maxInboundBytes: number;
  maxInboundFrames: number;
  maxOutboundBytes: number;
  slowReaderMs: number;
  refusalBurst: number;
  refusalsPerMinute: number;
}

export const socketLimits: SocketLimits = {
  maxInboundBytes: 8 * 1024 * 1024,
  maxInboundFrames: 4096,
  maxOutboundBytes: 8 * 1024 * 1024,
  slowReaderMs: 30_000,
  refusalBurst: 100,
  refusalsPerMinute: 60,
};

/** Told once, when the guard closes the socket (the connection logs it). */
export type GuardReport =
  | ((code: number, reason: string) => void)
  /** An object rather than a closure: ten thousand idle sockets need no function each. */
  | { overLimits(code: number, reason: string): void };

export class SocketGuard {
  private inboundBytes = 0;
  private inboundFrames = 0;
  private refusalTokens: number;
  /** When the refusal budget was last refilled; null while it is full (no number kept). */
  private refilledAt: number | null = null;
  private closed = false;

  constructor(
    private readonly socket: SyncSocket,
    private readonly limits: SocketLimits,
    private readonly report: GuardReport,
  ) {
    this.refusalTokens = limits.refusalBurst;
  }

  /** A frame arrived; false when it is one too many (the socket is being closed). */
  arrived(bytes: number): boolean {
    if (this.closed) return false;
    this.inboundBytes += bytes;
    this.inboundFrames += 1;
    if (
      this.inboundBytes > this.limits.maxInboundBytes ||
      this.inboundFrames > this.limits.maxInboundFrames
    ) {
      this.shut(closeCodes.flood, 'too many frames waiting');
      return false;
    }
    return true;
  }

  /** A frame was handled. */
  handled(bytes: number): void {
    this.inboundBytes -= bytes;
    this.inboundFrames -= 1;
  }

  /** Before a send; false when the peer stopped reading (the socket is being closed). */
  maySend(): boolean {
    if (this.closed) return false;
    if ((this.socket.bufferedAmount ?? 0) <= this.limits.maxOutboundBytes) return true;
    this.shut(closeCodes.slowReader, 'not reading');
    return false;
  }

  /** For bulk sends: resolves true once the buffer has room, false if the peer stays too slow. */
  async room(): Promise<boolean> {
    const deadline = performance.now() + this.limits.slowReaderMs;
    const low = this.limits.maxOutboundBytes / 2;
    while (!this.closed && (this.socket.bufferedAmount ?? 0) > low) {
      if (performance.now() > deadline) {
        this.shut(closeCodes.slowReader, 'not reading');
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return !this.closed;
  }

  /** The server refused one of the peer's frames. */
  refused(): void {
    const now = performance.now();
    const refill =
      this.refilledAt === null
        ? this.limits.refusalBurst
        : ((now - this.refilledAt) / 60_000) * this.limits.refusalsPerMinute;
    this.refusalTokens = Math.min(this.limits.refusalBurst, this.refusalTokens + refill) - 1;
    this.refilledAt = now;
    if (this.refusalTokens < 0) this.shut(closeCodes.tooManyRefusals, 'too many refused frames');
  }

  private shut(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (typeof this.report === 'function') this.report(code, reason);
    else this.report.overLimits(code, reason);
    if (this.socket.readyState <= 1) this.socket.close(code, reason);
  }
}
