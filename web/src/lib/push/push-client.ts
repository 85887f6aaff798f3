/**
 * Web Push in the page: whether this browser can be notified, and turning notifications on and
 * off for one app's session, through the app's own service worker (each app has one, and so its
 * own subscription). "Off" tells the server to stop using it for this session and leaves the
 * browser's subscription alone. Whether
 * this app asked is remembered per identity, so another person signing in on the same browser
 * starts with notifications off.
 */
import { pushRoutes, type App, type PushSubscriptionJson } from '@souk/sync';
import { call } from '$lib/api.ts';

export type PushStatus = 'unsupported' | 'denied' | 'off' | 'on';

const flagKey = (app: App, identityId: string) => `souk.push.${app}.${identityId}`;

export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

/** The service worker's registration, or null when none is installed (development server). */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  const existing = await navigator.serviceWorker.getRegistration();
  if (!existing) return null;
  return navigator.serviceWorker.ready;
}

export async function pushStatus(app: App, identityId: string): Promise<PushStatus> {
  if (!pushSupported() || !(await registration())) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission !== 'granted') return 'off';
  return localStorage.getItem(flagKey(app, identityId)) === 'on' ? 'on' : 'off';
}

function base64urlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((byte, i) => byte === b[i]);
}

/**
 * Asks for permission (only from a click), subscribes with the server's key and registers the
 * subscription for this session. Also used to re-register quietly once permission was given.
 */
export async function turnOn(app: App, identityId: string): Promise<PushStatus> {
  const worker = await registration();
  if (!pushSupported() || !worker) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const { publicKey } = await call(app, pushRoutes.key);
  const key = base64urlToBytes(publicKey);
  let subscription = await worker.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    // Made for another server key (a new server): it cannot be reused.
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await worker.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  await call(app, pushRoutes.subscribe, {
    // The server checks it against the same schema (a browser's JSON has every field).
    body: subscription.toJSON() as PushSubscriptionJson,
  });
  localStorage.setItem(flagKey(app, identityId), 'on');
  return 'on';
}

export async function turnOff(app: App, identityId: string): Promise<PushStatus> {
  localStorage.removeItem(flagKey(app, identityId));
  const subscription = await (await registration())?.pushManager.getSubscription();
  if (subscription)
    await call(app, pushRoutes.unsubscribe, { body: { endpoint: subscription.endpoint } });
  return 'off';
}
