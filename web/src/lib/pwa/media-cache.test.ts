/**
 * The worker's media strategy, against a handler of its own (a cache in a Map, a network that
 * counts): a byte range of a file not kept goes to the network as asked while the whole file is
 * fetched once into the cache; from then on ranges are cut from it; images come whole and are
 * kept as they come; a failed fetch of the whole file is dropped, to be tried next time.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { StrategyHandler } from 'workbox-strategies';
import type { KeepWholeMedia } from './media-cache.ts';

let Strategy: typeof KeepWholeMedia;
beforeAll(async () => {
  vi.stubGlobal('self', globalThis); // workbox's development logger names the worker's global
  Strategy = (await import('./media-cache.ts')).KeepWholeMedia;
});

const url = 'https://souk.test/media/file-0001';
const bytes = new Uint8Array(100).map((_, i) => i);

function world(network: (request: Request) => Promise<Response>) {
  const cache = new Map<string, Response>();
  const fetched: Array<string | null> = [];
  const waiting: Promise<unknown>[] = [];
  const handler = {
    cacheMatch: async (key: string) => cache.get(key)?.clone(),
    cachePut: async (key: string, response: Response) => {
      cache.set(key, new Response(await response.arrayBuffer(), response));
      return true;
    },
    fetch: async (request: Request) => {
      fetched.push(request.headers.get('range'));
      return network(request);
    },
    waitUntil: (promise: Promise<unknown>) => (waiting.push(promise), promise),
  } as unknown as StrategyHandler;
  const strategy = new Strategy({ cacheName: 'souk-media' });
  const handle = (request: Request) =>
    (strategy as unknown as { _handle(r: Request, h: StrategyHandler): Promise<Response> })._handle(
      request,
      handler,
    );
  const settled = () => Promise.all(waiting.splice(0));
  return { cache, fetched, handle, settled };
}

const server = async (request: Request) => {
  const range = /bytes=(\d+)-(\d*)/.exec(request.headers.get('range') ?? '');
  if (!range) return new Response(bytes, { status: 200, headers: { 'content-type': 'audio/ogg' } });
  const start = Number(range[1]);
  const end = range[2] ? Number(range[2]) : bytes.length - 1;
  return new Response(bytes.slice(start, end + 1), {
    status: 206,
    headers: { 'content-range': `bytes ${start}-${end}/${bytes.length}` },
  });
};
const ranged = (range: string) => new Request(url, { headers: { range } });

describe('media kept whole for offline use', () => {
  it('answers a range from the network and keeps the whole file, fetched once', async () => {
    const { cache, fetched, handle, settled } = world(server);
    const [first, second] = await Promise.all([
      handle(ranged('bytes=0-')),
      handle(ranged('bytes=50-59')),
    ]);
    expect(first.status).toBe(206);
    expect(second.status).toBe(206);
    await settled();
    expect(fetched.filter((range) => range === null)).toHaveLength(1);
    expect(cache.get(url)?.status).toBe(200);
  });

  it('then cuts every range from the kept file, without the network', async () => {
    const { fetched, handle, settled } = world(server);
    await handle(ranged('bytes=0-'));
    await settled();
    fetched.length = 0;
    const part = await handle(ranged('bytes=10-19'));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/100');
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([...bytes.slice(10, 20)]);
    expect(fetched).toEqual([]);
  });

  it('keeps a file asked for whole (an image) as it comes', async () => {
    const { cache, fetched, handle, settled } = world(server);
    expect((await handle(new Request(url))).status).toBe(200);
    await settled();
    expect(fetched).toEqual([null]);
    expect((await handle(new Request(url))).status).toBe(200);
    expect(fetched).toEqual([null]);
    expect(cache.size).toBe(1);
  });

  it('drops a whole fetch that fails, and tries again next time', async () => {
    let up = false;
    const { cache, fetched, handle, settled } = world(async (request) => {
      if (!up && !request.headers.get('range')) throw new TypeError('offline');
      return server(request);
    });
    expect((await handle(ranged('bytes=0-'))).status).toBe(206);
    await settled();
    expect(cache.size).toBe(0);
    up = true;
    await handle(ranged('bytes=0-'));
    await settled();
    expect(fetched.filter((range) => range === null)).toHaveLength(2);
    expect(cache.size).toBe(1);
  });
});
