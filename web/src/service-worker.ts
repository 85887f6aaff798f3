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

declare const self: ServiceWorkerGlobalScope;

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

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
