/// <reference lib="webworker" />
/**
 * Souk Business's service worker (scope /business/), built beside SvelteKit's own by
 * scripts/pwa/business.ts, which fills in `__SOUK_PRECACHE__` (the build's files, as
 * `$service-worker` gives the personal one) and `__SOUK_VERSION__`.
 */
import { runWorker } from '$lib/pwa/worker.ts';
import { notPrecached } from '$lib/pwa/not-precached.ts';

declare const __SOUK_PRECACHE__: { build: string[]; files: string[] };
declare const __SOUK_VERSION__: string;

runWorker({
  app: 'business',
  precache: [
    ...__SOUK_PRECACHE__.build
      .filter((url) => !notPrecached(url))
      .map((url) => ({ url, revision: null })),
    ...__SOUK_PRECACHE__.files
      .filter((url) => !notPrecached(url))
      .map((url) => ({ url, revision: __SOUK_VERSION__ })),
    { url: '/business/index.html', revision: __SOUK_VERSION__ },
  ],
  shell: '/business/index.html',
  denylist: [/^\/api\//, /^\/sync/],
  icon: '/business/icon-192.png',
});
