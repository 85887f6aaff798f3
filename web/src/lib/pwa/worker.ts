/// <reference lib="webworker" />
/**
 * One app's service worker, offline first: precache the app (hashed build files, static files
 * and its own HTML shell), serve that shell to navigations in its scope, keep uploaded images.
 * Each app has its own worker (the personal app's at /, Souk Business's at /business/), so each
 * caches and updates on its own: a new worker waits until the app's "update available — reload"
 * prompt (UpdatePrompt.svelte) asks it to take over; the first one takes control at once.
 */
import {
  precacheAndRoute,
  createHandlerBoundToURL,
  cleanupOutdatedCaches,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { ExpirationPlugin } from 'workbox-expiration';
import { KeepWholeMedia } from './media-cache.ts';
import { refreshPacksInBackground } from '$lib/templates/background.ts';
import { periodicSyncTag } from '$lib/templates/pack-sync.ts';
import { clickAction, readPushNotice } from '$lib/push/notification.ts';
import { z } from 'zod';
import type { App } from '@souk/sync';
import { skipWaitingMessage } from './messages.ts';

declare const self: ServiceWorkerGlobalScope;

export interface WorkerOptions {
  app: App;
  /** Files to precache: [url, revision] (null for hashed files). */
  precache: { url: string; revision: string | null }[];
  /** The app's HTML shell, served to every navigation in scope. */
  shell: string;
  /** Navigations the shell must not answer (the API, the other app). */
  denylist: RegExp[];
  /** The notification icon. */
  icon: string;
}

export function runWorker({ app, precache, shell, denylist, icon }: WorkerOptions): void {
  // The worker runs under the app's policy too (no eval): see hooks.client.ts.
  z.config({ jitless: true });

  precacheAndRoute(precache);
  cleanupOutdatedCaches();
  registerRoute(new NavigationRoute(createHandlerBoundToURL(shell), { denylist }));

  // Uploaded media never changes under its address: keep every one seen (or heard) whole, for
  // offline use; byte ranges (audio and video) are cut from the kept file (media-cache.ts).
  registerRoute(
    ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/media/'),
    new KeepWholeMedia({
      cacheName: 'souk-media', // removed-content.ts's mediaCacheName (not imported: it brings Yjs)
      plugins: [new ExpirationPlugin({ maxEntries: 2000, purgeOnQuotaError: true })],
    }),
  );

  // Template packs while the app is closed (Periodic Background Sync, where offered).
  self.addEventListener('periodicsync', (event) => {
    const sync = event as ExtendableEvent & { tag?: string };
    if (sync.tag === periodicSyncTag) sync.waitUntil(refreshPacksInBackground(app));
  });

  // The first worker takes control at once (the first visit is enough to work offline); a new
  // version waits for the person to choose "Reload", so an open chat is never swapped under them.
  self.addEventListener('install', () => {
    if (!self.registration.active) void self.skipWaiting();
  });
  self.addEventListener('message', (event) => {
    if ((event.data as { type?: unknown } | null)?.type === skipWaitingMessage)
      void self.skipWaiting();
  });
  self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

  /*
   * Web Push: the server sends {doc, app, title, body} for a new message (src/lib/push/). Show
   * it, unless that chat is open in a focused window; a click opens (or focuses) that chat.
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
        await self.registration.showNotification(title, { body, tag, icon, data: { url } });
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
}
