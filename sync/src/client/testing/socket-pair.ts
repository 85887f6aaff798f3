/**
 * An in-memory socket for SyncClient tests: nothing moves until the test pumps. Frames the client
 * sends wait in `outgoing` for the test's server; frames, opens and closes for the client wait
 * until `deliver`. With the manual timers below, a sync test has no real socket, no clock and no
 * sleep: every step happens because the test said so.
 */
import type { SocketLike } from '../types.ts';

type ClientEvent =
  | { type: 'open' }
  | { type: 'message'; data: Uint8Array }
  | { type: 'close'; code: number; reason: string };

export class TestSocket implements SocketLike {
  binaryType = 'arraybuffer';
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  /** Client → server frames the server has not taken yet. */
  outgoing: Uint8Array[] = [];
  private readonly events: ClientEvent[] = [];

  constructor(readonly url: string) {}

  send(data: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.outgoing.push(data.slice());
  }

  /** The client closes: the server hears nothing more, the client hears the close on delivery. */
  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    this.events.push({ type: 'close', code, reason });
  }

  /** Server side: accept the connection (the client's onopen fires on delivery). */
  accept(): void {
    this.readyState = 1;
    this.events.push({ type: 'open' });
  }

  /** Server side: a frame for the client. */
  push(data: Uint8Array): void {
    if (this.readyState === 1) this.events.push({ type: 'message', data });
  }

  /** Server side: the connection ends (1006: dropped); frames not yet taken are lost. */
  drop(code = 1006, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    this.outgoing = [];
    this.events.push({ type: 'close', code, reason });
  }

  /** Hands the client what waits for it; returns how many events were delivered. */
  deliver(): number {
    const events = this.events.splice(0);
    for (const event of events) {
      if (event.type === 'open') this.onopen?.({});
      else if (event.type === 'message') this.onmessage?.({ data: event.data });
      else {
        this.readyState = 3;
        this.onclose?.({ code: event.code, reason: event.reason });
      }
    }
    return events.length;
  }
}

/** Timers the test runs by hand (reconnect backoff). */
export class ManualTimers {
  private readonly waiting = new Map<number, { run: () => void; ms: number }>();
  private next = 1;

  set = (run: () => void, ms: number): unknown => {
    const id = this.next++;
    this.waiting.set(id, { run, ms });
    return id;
  };

  clear = (handle: unknown): void => {
    this.waiting.delete(handle as number);
  };

  get pending(): number {
    return this.waiting.size;
  }

  /** Runs every timer now due (all of them: time is the test's). */
  runAll(): void {
    const due = [...this.waiting.values()];
    this.waiting.clear();
    for (const timer of due) timer.run();
  }
}
