/// <reference lib="webworker" />
/**
 * Offline first: precache the whole app (hashed build files, static files, and the SPA shell),
 * serve the shell to navigations only, and take control at once so the first visit is enough.
 */
import { build, files, version } from '$service-worker';
import {
  precacheAndRoute,
  createHandlerBoundToURL,
  cleanupOutdatedCaches,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { refreshPacksInBackground } from '$lib/templates/background.ts';
import { periodicSyncTag } from '$lib/templates/pack-sync.ts';
import { clickAction, readPushNotice } from '$lib/push/notification.ts';
import { z } from 'zod';

declare const self: ServiceWorkerGlobalScope;

// The worker runs under the app's policy too (no eval): see hooks.client.ts.
z.config({ jitless: true });

precacheAndRoute([
  ...build.map((url) => ({ url, revision: null })),
  ...files.map((url) => ({ url, revision: version })),
  { url: '/index.html', revision: version },
]);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/sync/],
  }),
);

// Uploaded images never change under their address: keep every one seen, for offline viewing.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/media/'),
  new CacheFirst({
    cacheName: 'souk-media',
    plugins: [new ExpirationPlugin({ maxEntries: 2000, purgeOnQuotaError: true })],
  }),
);

// Template packs while the app is closed (Periodic Background Sync, where offered).
self.addEventListener('periodicsync', (event) => {
  const sync = event as ExtendableEvent & { tag?: string };
  if (sync.tag === periodicSyncTag) sync.waitUntil(refreshPacksInBackground());
});

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/*
 * Web Push: the server sends {doc, app, title, body} for a new message (src/lib/push/). Show it,
 * unless that chat is open in a focused window; a click opens (or focuses) that chat in its app.
 */
self.addEventListener('push', (event) => {
  let notice = null;
  try {
    notice = readPushNotice(event.data?.json());
  } catch {
    // not JSON: not ours
  }
  if (!notice) return;
  const { title, body, tag, url } = notice;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      if (windows.some((w) => w.focused && new URL(w.url).pathname === url)) return;
      await self.registration.showNotification(title, {
        body,
        tag,
        icon: '/icon-192.png',
        data: { url },
      });
    })(),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: unknown } | null)?.url;
  if (typeof url !== 'string' || !url.startsWith('/')) return;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const action = clickAction(
        windows.map((w) => w.url),
        url,
      );
      if (action.kind === 'open') return void (await self.clients.openWindow(url));
      const focused = await windows[action.index]!.focus();
      if (action.kind === 'navigate') await focused.navigate(url);
    })(),
  );
});
