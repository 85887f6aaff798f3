/**
 * When the sync socket connects again: at once when the browser says it is online, otherwise
 * after a backoff that doubles per failed attempt (with jitter, so devices of a restarted server
 * do not all come back in the same instant). Timers are injected so tests run reconnects by hand.
 */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Browsers announce connectivity changes; Node has no such events. */
const host = globalThis as unknown as {
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
};

export interface ReconnectHooks {
  /** Opens a new socket. */
  connect(): void;
  /** True while a socket is open or opening. */
  connected(): boolean;
  /** Closes the socket (the browser went offline). */
  drop(): void;
}

export class Reconnect {
  running = false;
  private attempt = 0;
  private timer: unknown = null;

  constructor(
    private readonly hooks: ReconnectHooks,
    private readonly timers: Timers,
    private readonly backoff: { minMs: number; maxMs: number },
  ) {}

  start(): void {
    this.running = true;
    host.addEventListener?.('online', this.onOnline);
    host.addEventListener?.('offline', this.onOffline);
  }

  stop(): void {
    this.running = false;
    host.removeEventListener?.('online', this.onOnline);
    host.removeEventListener?.('offline', this.onOffline);
    this.cancel();
  }

  /** A connection was welcomed: the next failure starts the backoff from its minimum. */
  succeeded(): void {
    this.attempt = 0;
  }

  /** Connects again after the backoff (once, however often a failure is reported). */
  schedule(): void {
    if (!this.running || this.timer) return;
    const exp = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** this.attempt++);
    this.timer = this.timers.set(
      () => {
        this.timer = null;
        this.hooks.connect();
      },
      exp / 2 + Math.random() * (exp / 2),
    );
  }

  private cancel(): void {
    if (this.timer) this.timers.clear(this.timer);
    this.timer = null;
  }

  private readonly onOnline = (): void => {
    if (!this.running || this.hooks.connected()) return;
    this.cancel();
    this.attempt = 0;
    this.hooks.connect();
  };

  private readonly onOffline = (): void => this.hooks.drop();
}
