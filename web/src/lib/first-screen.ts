/**
 * The first screen is drawn from the device's tables alone; what can wait comes after it: the sync
 * engine (Yjs, every message kind's schema) and the documents followed through it load once the
 * screen is drawn and the browser has a quiet moment, so they neither hold it up nor weigh on it.
 * A person's action that needs a document (opening a chat, sending) loads the engine at once.
 */

/** The performance mark set when the first screen is drawn (tests/e2e/weight.spec.ts reads it). */
export const firstScreenMark = 'souk:first-screen';

let drawnOnce!: () => void;
/**
 * Resolves once a first screen is drawn and the browser is idle, for what lives outside an app's
 * state (registering the service worker: pwa/AppWorker.svelte).
 */
export const firstScreenSettled = new Promise<void>((resolve) => (drawnOnce = resolve)).then(idle);

export class FirstScreen {
  private resolveDrawn!: () => void;
  /** Resolves when the first screen is drawn (signed in or not). */
  readonly drawn = new Promise<void>((resolve) => (this.resolveDrawn = resolve));
  /** Resolves after that, at the browser's next idle moment (within a second). */
  readonly settled = this.drawn.then(idle);

  markDrawn(): void {
    performance.mark(firstScreenMark);
    this.resolveDrawn();
    drawnOnce();
  }
}

function idle(): Promise<void> {
  return new Promise((resolve) => {
    // Safari has no requestIdleCallback: the next task is after the paint too.
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 0);
  });
}
