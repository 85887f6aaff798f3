/**
 * The service worker's way with uploaded media (`/media/…`), whose bytes never change under their
 * address: every file seen is kept whole in the media cache, for offline use, within its policy
 * (the plugins given: an entry count, emptied when the device runs out of room).
 *
 * Audio and video elements never ask for a whole file: they ask for byte ranges (`Range: bytes=0-`
 * to begin, others to seek), and a 206 cannot be kept. So a range of a file not yet kept goes to
 * the server as asked (playing starts at once) while the worker fetches the whole file once, in
 * the background, into the cache; from then on every range is cut from the kept file, online or
 * not. A voice note heard online therefore plays offline. Images come whole and are kept as they
 * come, as before.
 */
import { Strategy, type StrategyHandler } from 'workbox-strategies';
import { createPartialResponse } from 'workbox-range-requests';

export class KeepWholeMedia extends Strategy {
  /** Whole files on their way into the cache, by URL: one fetch each, however many ranges ask. */
  private readonly filling = new Map<string, Promise<void>>();

  protected async _handle(request: Request, handler: StrategyHandler): Promise<Response> {
    const range = request.headers.get('range');
    const kept = await handler.cacheMatch(request.url);
    if (kept) return range ? createPartialResponse(request, kept) : kept;
    if (range) {
      handler.waitUntil(this.keepWhole(request.url, handler));
      return handler.fetch(request);
    }
    const response = await handler.fetch(request);
    if (response.status === 200) handler.waitUntil(handler.cachePut(request.url, response.clone()));
    return response;
  }

  /** Fetches `url` whole into the cache, unless that is under way; a failure waits for next time. */
  private keepWhole(url: string, handler: StrategyHandler): Promise<void> {
    let filling = this.filling.get(url);
    if (!filling) {
      filling = (async () => {
        const whole = await handler.fetch(new Request(url, { credentials: 'same-origin' }));
        if (whole.status === 200) await handler.cachePut(url, whole);
      })()
        .catch(() => {}) // offline, or a quota: played from the network this time
        .finally(() => this.filling.delete(url));
      this.filling.set(url, filling);
    }
    return filling;
  }
}
