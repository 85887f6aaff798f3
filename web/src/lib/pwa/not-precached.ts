/**
 * What the service workers leave out of the precache: the manifests' screenshots (for the
 * install dialog only), and JSON build assets — the full emoji picker's data (about 430 KB per
 * language), which the picker fetches the first time it opens and then keeps in its own
 * IndexedDB. So the first visit does not download it; a device offline that never opened the
 * picker cannot open it (the quick reactions need no data). And pdf.js's worker (1.2 MB), fetched
 * the first time a PDF is picked online; offline before that, a PDF goes without its preview.
 */
export const notPrecached = (url: string): boolean =>
  url.includes('/screenshots/') ||
  url.includes('/pdf.worker.') ||
  /(^|\/)_app\/immutable\/assets\/[^/]+\.json$/.test(url);
