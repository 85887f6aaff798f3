/**
 * What awareness one socket may send: each update at most `maxBytes` (a larger one is dropped),
 * at most `perWindow` updates per `windowMs` (the rest of the window is dropped), and a socket
 * that sends `closeAt` in one window is flooding: closed with 4413. Presence needs a few updates
 * a second at most (a cursor moving); y-websocket renews the local state every 15 s.
 */
export interface AwarenessLimits {
  maxBytes: number;
  perWindow: number;
  windowMs: number;
  closeAt: number;
  /** Client ids one socket may announce. */
  maxClients: number;
}

export const awarenessLimits: AwarenessLimits = {
  maxBytes: 4096,
  perWindow: 60,
  windowMs: 10_000,
  closeAt: 300,
  maxClients: 4,
};

export class AwarenessBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private count = 0;

  constructor(
    private readonly limits: AwarenessLimits,
    private readonly now: () => number,
  ) {}

  take(bytes: number): 'ok' | 'drop' | 'close' {
    const now = this.now();
    if (now - this.windowStart >= this.limits.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count++;
    if (this.count >= this.limits.closeAt) return 'close';
    if (this.count > this.limits.perWindow || bytes > this.limits.maxBytes) return 'drop';
    return 'ok';
  }
}
