/// <reference lib="webworker" />
/**
 * The personal app's service worker (scope /): SvelteKit builds it. Souk Business has its own at
 * /business/ (src/business-worker.ts, built beside it by scripts/pwa/business.ts), so its pages
 * are the other worker's; /admin needs no worker of its own (this one serves its shell).
 */
import { build, files, version } from '$service-worker';
import { runWorker } from '$lib/pwa/worker.ts';
import { notPrecached } from '$lib/pwa/not-precached.ts';

runWorker({
  app: 'personal',
  precache: [
    ...build.filter((url) => !notPrecached(url)).map((url) => ({ url, revision: null })),
    ...files.filter((url) => !notPrecached(url)).map((url) => ({ url, revision: version })),
    { url: '/index.html', revision: version },
  ],
  shell: '/index.html',
  denylist: [/^\/api\//, /^\/sync/, /^\/business(\/|$)/],
  icon: '/icon-192.png',
});
