/**
 * Keeps the device's template packs fresh while the app is open: at start, on a timer set to the
 * next due pack, and when the network comes back. Where the browser offers Periodic Background
 * Sync, the service worker also refreshes them while the app is closed (service-worker.ts).
 */
import type { PackStore } from './pack-store.ts';

export const periodicSyncTag = 'souk-template-packs';
const maxTimerMs = 2 ** 31 - 1;

export function startPackSync(
  store: PackStore,
  businesses: () => Promise<string[]>,
  clock: { now(): number } = Date,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const run = async () => {
    if (stopped) return;
    clearTimeout(timer);
    for (const id of await businesses()) await store.track(id);
    await store.refreshDue();
    const wake = await store.nextWake();
    if (stopped || wake === null) return;
    timer = setTimeout(run, Math.min(Math.max(wake - clock.now(), 1000), maxTimerMs));
  };
  const online = () => void run();
  addEventListener('online', online);
  void run();
  void registerPeriodicSync();
  return () => {
    stopped = true;
    clearTimeout(timer);
    removeEventListener('online', online);
  };
}

interface PeriodicSyncManager {
  register(tag: string, options: { minInterval: number }): Promise<void>;
}

/** Best effort: only some browsers, and only for installed apps, offer it. */
async function registerPeriodicSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.ready;
    const periodic = (registration as unknown as { periodicSync?: PeriodicSyncManager })
      ?.periodicSync;
    await periodic?.register(periodicSyncTag, { minInterval: 12 * 60 * 60 * 1000 });
  } catch {
    // not allowed here: the timer and app starts still keep packs fresh
  }
}
