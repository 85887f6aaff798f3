/**
 * A described route registered on a real Hono app and called through the contract's typed client
 * (sync/src/contract/client.ts), with the app itself as the client's fetch: JSON in and out,
 * uploads with their type and limit, text answers, and ETag revalidation. Raw requests play the
 * client that does not follow the contract. Refusals are asserted by kind and details.
 */
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { z } from 'zod';
import { route, routeClient, SoukError, type FetchInit } from '@souk/sync';
import { errorHandler } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { register } from './contract-route.ts';
import type { Env } from './session.ts';

const echo = route({
  method: 'POST',
  path: '/echo/:id',
  body: z.object({ n: z.number().int() }).strict(),
  query: z.object({ twice: z.enum(['yes', 'no']).default('no') }).strict(),
  response: z.object({ id: z.string(), n: z.number() }),
  status: 201,
});
const photo = route({
  method: 'POST',
  path: '/photo',
  upload: { types: ['image/png', 'image/webp'], maxBytes: 16 },
  response: z.object({ type: z.string(), size: z.number() }),
});
const csv = route({
  method: 'GET',
  path: '/table.csv',
  query: z.object({ rows: z.coerce.number().int().min(1).max(3) }).strict(),
  response: z.string(),
  responseType: 'text/csv',
});
const pack = route({
  method: 'GET',
  path: '/pack/:name',
  response: z.object({ name: z.string(), version: z.number() }),
  revalidate: true,
});

function app(version = { current: 1 }) {
  const routes = new Hono<Env>();
  register(routes, echo, (_c, { body, query, params }) => ({
    id: params.id!,
    n: query.twice === 'yes' ? body.n * 2 : body.n,
  }));
  register(routes, photo, (_c, { upload }) => ({ type: upload.type, size: upload.bytes.length }));
  register(routes, csv, (_c, { query }) =>
    ['n', ...Array.from({ length: query.rows }, (_, i) => String(i + 1))].join('\r\n'),
  );
  register(routes, pack, (_c, { params }) => ({
    etag: `"${version.current}"`,
    value: { name: params.name!, version: version.current },
  }));
  const root = new Hono();
  root.route('/api', routes);
  root.onError(errorHandler(createLogger('silent')));
  return root;
}

const clientOf = (served: Hono, sent: FetchInit[] = []) =>
  routeClient({
    fetch: async (url, init) => {
      sent.push(init);
      return served.request(url, init as RequestInit);
    },
  });

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) =>
      error instanceof SoukError ? { kind: error.kind, details: error.details } : error,
  );

const post = (path: string, body: string, type = 'application/json') =>
  app().request(path, { method: 'POST', body, headers: { 'content-type': type } });

describe('a registered JSON route', () => {
  it('hands the handler the parsed body, query and path parameters, and answers its status', async () => {
    const client = clientOf(app());
    expect(
      await client.call(echo, { params: { id: 'a1' }, body: { n: 4 }, query: { twice: 'yes' } }),
    ).toEqual({ id: 'a1', n: 8 });
    const answer = await post('/api/echo/a1?twice=yes', JSON.stringify({ n: 4 }));
    expect(answer.status).toBe(201);
  });

  it('refuses a body or a query the schema refuses with 400 bad_request and the path', async () => {
    const client = clientOf(app());
    const body = { n: 1.5 };
    expect(await refusal(client.call(echo, { params: { id: 'a1' }, body, query: {} }))).toEqual({
      kind: 'bad_request',
      details: { path: 'n' },
    });
    const query = await post('/api/echo/a1?twice=maybe', JSON.stringify({ n: 1 }));
    expect(await query.json()).toMatchObject({ kind: 'bad_request', details: { path: 'twice' } });
  });

  it('answers a body that is not JSON as bad_request, never as a server error', async () => {
    const broken = await post('/api/echo/a1', '{"n":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ kind: 'bad_request' });
    const text = await post('/api/echo/a1', 'n=1', 'text/plain');
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ kind: 'bad_request' });
  });

  it('refuses, in the client, an answer its schema does not describe', async () => {
    const liar = new Hono();
    liar.post('/api/echo/:id', (c) => c.json({ id: 1 }, 201));
    expect(
      await refusal(clientOf(liar).call(echo, { params: { id: 'a' }, body: { n: 1 }, query: {} })),
    ).toMatchObject({ kind: 'internal' });
  });
});

describe('an upload route', () => {
  const image = (bytes: number, type: string) => new Blob([new Uint8Array(bytes)], { type });

  it('hands the handler the bytes and their type, sent as the raw body', async () => {
    const sent: FetchInit[] = [];
    const client = clientOf(app(), sent);
    expect(await client.call(photo, { upload: image(16, 'image/webp') })).toEqual({
      type: 'image/webp',
      size: 16,
    });
    expect(sent[0]!.headers['content-type']).toBe('image/webp');
  });

  it('refuses a type it does not take, and more than its limit, before the handler', async () => {
    const client = clientOf(app());
    expect(await refusal(client.call(photo, { upload: image(4, 'image/svg+xml') }))).toEqual({
      kind: 'bad_request',
      details: { reason: 'upload_type', types: 'image/png, image/webp' },
    });
    expect(await refusal(client.call(photo, { upload: image(17, 'image/png') }))).toEqual({
      kind: 'too_large',
      details: { reason: 'upload_too_large', megabytes: 0, limit: 16 },
    });
    // A client that lies about the length, or sends none: the limit still holds while reading.
    const streamed = await app().request('/api/photo', {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(10));
          controller.enqueue(new Uint8Array(10));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({
      kind: 'too_large',
      details: { reason: 'upload_too_large' },
    });
  });
});

describe('a text route', () => {
  it('answers its media type, and the client reads the text', async () => {
    const client = clientOf(app());
    expect(await client.call(csv, { query: { rows: 2 } })).toBe('n\r\n1\r\n2');
    const raw = await app().request('/api/table.csv?rows=1');
    expect(raw.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await refusal(client.call(csv, { query: { rows: 9 } }))).toMatchObject({
      kind: 'bad_request',
      details: { path: 'rows' },
    });
  });

  it('is refused by the client when the answer is not of that type', async () => {
    const liar = new Hono();
    liar.get('/api/table.csv', (c) => c.json('n'));
    expect(await refusal(clientOf(liar).call(csv, { query: { rows: 1 } }))).toMatchObject({
      kind: 'internal',
    });
  });
});

describe('a revalidating route', () => {
  it('answers the value with its ETag, then 304 while it holds, then the new version', async () => {
    const version = { current: 1 };
    const served = app(version);
    const client = clientOf(served);
    const first = await client.revalidate(pack, { params: { name: 'p' } });
    expect(first).toEqual({ changed: true, value: { name: 'p', version: 1 }, etag: '"1"' });
    expect(await client.revalidate(pack, { params: { name: 'p' }, etag: '"1"' })).toEqual({
      changed: false,
    });
    version.current = 2;
    expect(await client.revalidate(pack, { params: { name: 'p' }, etag: '"1"' })).toEqual({
      changed: true,
      value: { name: 'p', version: 2 },
      etag: '"2"',
    });
  });

  it('reads If-None-Match as a list of weak or strong tags, and * ', async () => {
    const ask = (tags: string) =>
      app({ current: 3 }).request('/api/pack/p', { headers: { 'if-none-match': tags } });
    for (const tags of ['"3"', 'W/"3"', '"1", "3"', '*']) {
      const answer = await ask(tags);
      expect(answer.status, tags).toBe(304);
      expect(await answer.text()).toBe('');
      expect(answer.headers.get('etag')).toBe('"3"');
    }
    expect((await ask('"2"')).status).toBe(200);
    expect((await ask('3')).status).toBe(200);
  });
});
