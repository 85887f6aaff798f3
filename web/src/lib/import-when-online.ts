/**
 * Loads a chunk of the app. Offline before the service worker had cached it (a phone that lost
 * its signal right after the first visit), the import is tried again once the browser is back
 * online, so the sync engine starts without waiting for a reload.
 */
export interface Connectivity {
  readonly onLine: boolean;
  addEventListener(type: 'online', listener: () => void, options: { once: true }): void;
}

const browser: Connectivity = {
  get onLine() {
    return navigator.onLine;
  },
  addEventListener: (type, listener, options) => addEventListener(type, listener, options),
};

export async function importWhenOnline<T>(
  load: () => Promise<T>,
  host: Connectivity = browser,
): Promise<T> {
  // Online when it failed: one more try at once, as the network may have just come back.
  let retriedOnline = false;
  for (;;) {
    try {
      return await load();
    } catch (error) {
      if (host.onLine) {
        if (retriedOnline) throw error;
        retriedOnline = true;
      } else {
        retriedOnline = false;
        await new Promise<void>((resolve) =>
          host.addEventListener('online', () => resolve(), { once: true }),
        );
      }
    }
  }
}
