import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { z } from 'zod';
import { route } from '@souk/sync';
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

function app() {
  const routes = new Hono<Env>();
  register(routes, echo, (_c, { body, query, params }) => ({
    id: params.id!,
    n: query.twice === 'yes' ? body.n * 2 : body.n,
  }));
  routes.onError(errorHandler(createLogger('silent')));
  return routes;
}

const post = (path: string, body: string, type = 'application/json') =>
  app().request(path, { method: 'POST', body, headers: { 'content-type': type } });

describe('a registered route', () => {
  it('hands the handler the parsed body, query and path parameters, and answers its status', async () => {
    const answer = await post('/echo/a1?twice=yes', JSON.stringify({ n: 4 }));
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ id: 'a1', n: 8 });
  });

  it('refuses a body or a query the schema refuses with 400 bad_request and the path', async () => {
    const body = await post('/echo/a1', JSON.stringify({ n: 1.5 }));
    expect(body.status).toBe(400);
    expect(await body.json()).toMatchObject({ kind: 'bad_request', details: { path: 'n' } });
    const query = await post('/echo/a1?twice=maybe', JSON.stringify({ n: 1 }));
    expect(await query.json()).toMatchObject({ kind: 'bad_request', details: { path: 'twice' } });
  });

  it('answers a body that is not JSON as bad_request, never as a server error', async () => {
    const broken = await post('/echo/a1', '{"n":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ kind: 'bad_request' });
    const text = await post('/echo/a1', 'n=1', 'text/plain');
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ kind: 'bad_request' });
  });
});
