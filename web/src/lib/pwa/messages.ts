/** What a page tells its app's waiting service worker (workbox-window's messageSkipWaiting). */
export const skipWaitingMessage = 'SKIP_WAITING';
