/** The HTTP API in process (`app.request`), on one in-memory PGlite for the whole file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Hono } from 'hono';
import { openDatabase, type Database } from './db/open.ts';
import { loadConfig } from './config.ts';
import { AuthService } from './auth/auth-service.ts';
import { DevOutbox } from './auth/code-sender.ts';
import { CodeDelivery } from './auth/code-delivery.ts';
import { DocStore } from './sync/doc-store.ts';
import { LocalHub } from './sync/hub.ts';
import { SyncServer } from './sync/sync-server.ts';
import { createApp } from './app.ts';
import { createPlatform } from './business/platform.ts';
import { createConsent } from './consent/consent.ts';
import { Submitter, type ServerWrite } from './submit/submit.ts';
import { ForwardLimit } from './submit/forward-limit.ts';

const logger = pino({ level: 'silent' });
const clock = { now: () => Date.now() };
let database: Database;
let webDir: string;

function build(env: Record<string, string> = {}): Hono {
  const config = loadConfig({ WEB_DIR: webDir, DATA_DIR: 'memory://', ...env });
  const outbox = config.devOutbox ? new DevOutbox(logger) : null;
  const delivery = new CodeDelivery(outbox ?? new DevOutbox(logger), logger);
  const auth = new AuthService(database.db, clock, delivery, {
    codeTtlMs: 600_000,
    maxAttempts: 5,
    windowMs: 900_000,
    perPhone: 5,
    perIp: 1000,
    lastSeenEveryMs: 60_000,
  });
  const hub = new LocalHub();
  const store = new DocStore(database, hub, clock, logger);
  const write: ServerWrite = (doc, actor, edit, opts) => submit.write(doc, actor, edit, opts);
  const platform = createPlatform(database.db, store, clock, write);
  const consent = createConsent(database.db, store, hub, clock);
  const submit = new Submitter({
    store,
    businessGate: platform.gate,
    deliveryGate: consent.gate,
    facts: consent.facts,
    media: platform.media.membership,
    forwards: new ForwardLimit(database.db, clock),
    clock,
    logger,
    epochSize: 1000,
  });
  const sync = new SyncServer(store, hub, 0, logger, submit);
  const deps = { config, logger, clock, database, auth, store, submit, consent, sync, outbox };
  return createApp({ ...deps, platform }).app;
}

let app: Hono;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  webDir = mkdtempSync(join(tmpdir(), 'souk-web-'));
  mkdirSync(join(webDir, '_app/immutable'), { recursive: true });
  mkdirSync(join(webDir, 'business'));
  writeFileSync(join(webDir, 'index.html'), '<p>personal</p>');
  writeFileSync(join(webDir, 'business/index.html'), '<p>business</p>');
  writeFileSync(join(webDir, '_app/immutable/app.123.js'), 'export {}');
  writeFileSync(join(webDir, 'service-worker.js'), '// sw');
  app = build();
});
afterAll(() => database.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    // In-process requests go to http://localhost: that is the app's own origin.
    headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers },
    body: JSON.stringify(body),
  });

/** Signs in over the API; returns the cookie pair and the identity. */
async function signIn(phone: string, appName = 'personal') {
  const headers = { 'x-souk-app': appName };
  expect((await post('/api/auth/code', { phone }, headers)).status).toBe(200);
  const outbox = (await (
    await app.request(`/api/dev/outbox?phone=${encodeURIComponent(phone)}`)
  ).json()) as Array<{ code: string }>;
  const response = await post(
    '/api/auth/verify',
    { phone, code: outbox[0]!.code, device: 'test' },
    headers,
  );
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie')!;
  return {
    cookie: setCookie.split(';')[0]!,
    setCookie,
    me: (await response.json()) as { id: string; kind: string; phone: string },
  };
}

describe('HTTP API', () => {
  it('answers /health after checking the database', async () => {
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses a bad phone number with 400 bad_request', async () => {
    const response = await post('/api/auth/code', { phone: 'not a phone' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      kind: 'bad_request',
      message: expect.any(String),
    });
  });

  it('signs in with a code from the dev outbox and sets an HttpOnly session cookie', async () => {
    const { setCookie, me } = await signIn('+34 611 000 001');
    expect(me).toMatchObject({ kind: 'person', phone: '+34611000001' });
    expect(me.id).toMatch(/^u_/);
    expect(setCookie).toMatch(/^souk_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure over https and answers a wrong code with invalid_code', async () => {
    const phone = '+34611000002';
    await post('/api/auth/code', { phone });
    const [entry] = (await (
      await app.request(`/api/dev/outbox?phone=${encodeURIComponent(phone)}`)
    ).json()) as Array<{ code: string }>;
    const wrong = String((Number(entry!.code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await post('/api/auth/verify', { phone, code: wrong });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ kind: 'invalid_code' });
    const response = await app.request('https://souk.example/api/auth/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, code: entry!.code }),
    });
    expect(response.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('keeps the business identity of a number apart from the person', async () => {
    const person = await signIn('+34611000003');
    const business = await signIn('+34611000003', 'business');
    expect(business.setCookie).toMatch(/^souk_business_session=/);
    expect(business.me.kind).toBe('business');
    expect(business.me.id).not.toBe(person.me.id);
    // The personal cookie means nothing to the business app.
    const me = await app.request('/api/me?app=business', { headers: { cookie: person.cookie } });
    expect(me.status).toBe(401);
  });

  it('lists and revokes devices, and signs out', async () => {
    const first = await signIn('+34611000004');
    const second = await signIn('+34611000004');
    const me = await app.request('/api/me', { headers: { cookie: first.cookie } });
    expect(await me.json()).toEqual(first.me);
    const list = (await (
      await app.request('/api/sessions', { headers: { cookie: first.cookie } })
    ).json()) as Array<{ id: string; current: boolean }>;
    expect(list).toHaveLength(2);
    const other = list.find((s) => !s.current)!;
    const revoked = await app.request(`/api/sessions/${other.id}`, {
      method: 'DELETE',
      headers: { cookie: first.cookie, origin: 'http://localhost' },
    });
    expect(revoked.status).toBe(200);
    expect((await app.request('/api/me', { headers: { cookie: second.cookie } })).status).toBe(401);
    expect(
      (
        await app.request('/api/sessions/nope', {
          method: 'DELETE',
          headers: { cookie: first.cookie, origin: 'http://localhost' },
        })
      ).status,
    ).toBe(404);

    const out = await post('/api/auth/sign-out', {}, { cookie: first.cookie });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/souk_session=;/);
    const after = await app.request('/api/me', { headers: { cookie: first.cookie } });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ kind: 'unauthenticated' });
  });

  it('starts one private chat per pair, from either side', async () => {
    const ana = await signIn('+34611000005');
    const ben = await signIn('+34611000006');
    const missing = await post('/api/chats', { phone: '+34611000099' }, { cookie: ana.cookie });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      kind: 'not_on_souk',
      message: "This number isn't on Souk yet.",
    });
    const self = await post('/api/chats', { phone: ana.me.phone }, { cookie: ana.cookie });
    expect(self.status).toBe(400);

    const started = await post('/api/chats', { phone: ben.me.phone }, { cookie: ana.cookie });
    expect(started.status).toBe(200);
    const body = (await started.json()) as { doc: string; peer: unknown };
    expect(body.doc).toMatch(/^conv:/);
    expect(body.peer).toEqual({ id: ben.me.id, kind: 'person', phone: ben.me.phone });
    const back = (await (
      await post('/api/chats', { phone: ana.me.phone }, { cookie: ben.cookie })
    ).json()) as { doc: string };
    expect(back.doc).toBe(body.doc);
    expect((await post('/api/chats', { phone: ben.me.phone })).status).toBe(401);
  });

  it('answers unknown API routes with JSON, not the app shell', async () => {
    const response = await app.request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ kind: 'not_found' });
  });

  it('has no dev outbox in production', async () => {
    const production = build({ NODE_ENV: 'production' });
    expect((await production.request('/api/dev/outbox')).status).toBe(404);
  });
});

describe('the web app', () => {
  it('caches hashed assets forever and revalidates the rest', async () => {
    const asset = await app.request('/_app/immutable/app.123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const sw = await app.request('/service-worker.js');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the right shell to client-side routes', async () => {
    const chat = await app.request('/chats/abc');
    expect(chat.headers.get('cache-control')).toBe('no-cache');
    expect(await chat.text()).toContain('personal');
    expect(await (await app.request('/business/inbox')).text()).toContain('business');
    expect(await (await app.request('/admin')).text()).toContain('personal');
    expect((await app.request('/missing.png')).status).toBe(404);
  });
});
