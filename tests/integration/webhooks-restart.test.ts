/**
 * Webhook deliveries survive a crash: the queue is in PostgreSQL. An event is queued while the
 * receiver is down, the server process is killed with SIGKILL between retries, and the restarted
 * process delivers it, signed, exactly as queued.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '@souk/server';
import { freshDatabase, startServerProcess, type ServerProcess } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { eventually, signIn, type SignedIn } from '../support/people.ts';
import { receiver, signatureValid } from './webhooks-support.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let hooks: Awaited<ReturnType<typeof receiver>>;
let server: ServerProcess;
let second: ServerProcess | undefined;
let port: number;
let key: string;
let customerPhone: string;
let shop: SignedIn;
const env = () => ({ DATABASE_URL: database.url, SOUK_WEBHOOK_RETRY_BASE_MS: '300' });

beforeAll(async () => {
  database = await freshDatabase();
  hooks = await receiver();
  expect(await runCli(['create-operator', '--phone', '+34679300001'], env(), () => {})).toBe(0);
  port = await freePort();
  server = await startServerProcess(env(), port);
}, 60_000);
afterAll(async () => {
  await second?.stop();
  await server?.stop();
  await hooks?.close();
  await database?.drop();
});

async function call(who: SignedIn, app: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-souk-app': app,
      cookie: who.cookie,
      origin: server.url,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

it('delivers an event queued before a SIGKILL after the restart', async () => {
  const operator = await signIn(server.url, '+34679300001');
  const versions: Record<string, number> = {};
  for (const kind of ['tos', 'privacy']) {
    const published = await call(operator, 'personal', 'POST', '/admin/terms', {
      kind,
      text: kind,
    });
    expect(published.status).toBe(201);
    versions[kind] = published.body.version;
  }
  shop = await signIn(server.url, '+34679300002', 'business');
  expect((await call(shop, 'business', 'POST', '/business/terms/accept', versions)).status).toBe(
    200,
  );
  const registered = await call(shop, 'business', 'POST', '/business/register', {
    name: 'Ferretería Mar',
    category: 'food',
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  key = (
    await call(shop, 'business', 'POST', '/business/api-keys', {
      name: 'erp',
      scopes: ['messages:send'],
    })
  ).body.key as string;
  const endpoint = await call(shop, 'business', 'PUT', '/business/webhook', { url: hooks.url });
  expect(endpoint.status).toBe(200);
  const customer = await signIn(server.url, '+34679300003');
  customerPhone = customer.phone;

  hooks.state.failAll = true;
  const refused = await fetch(`${server.url}/api/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ to: customer.phone, text: 'Your keys are cut.' }),
  });
  expect(refused.status).toBe(403);
  // The failed attempt recorded (a process killed mid-attempt leaves a 30 s lease instead).
  await eventually(
    async () => {
      const log = await call(shop, 'business', 'GET', '/business/webhook/deliveries');
      return log.body[0]?.lastError === 'HTTP 500';
    },
    10_000,
    'a first, failed attempt',
  );
  await server.kill();

  hooks.state.failAll = false;
  server = await startServerProcess(env(), port);
  await eventually(() => hooks.of('message.refused').length === 1, 20_000, 'the delivery');
  const [event] = hooks.of('message.refused');
  expect(event!.body.data).toMatchObject({ reason: 'outside_window', to: customer.phone });
  expect(signatureValid(endpoint.body.secret, event!)).toBe(true);
  // The hook server has the event before the server records the answer: wait for the record.
  let latest: { status: string; eventType: string; attempts: number } | undefined;
  await eventually(
    async () => {
      const log = await call(shop, 'business', 'GET', '/business/webhook/deliveries');
      latest = log.body[0];
      return latest?.status !== 'pending';
    },
    10_000,
    'the delivery recorded',
  );
  expect(latest).toMatchObject({ status: 'delivered', eventType: 'message.refused' });
  expect(latest!.attempts).toBeGreaterThanOrEqual(2);
}, 90_000);

it('delivers each event once while two processes share the queue', async () => {
  second = await startServerProcess(env(), await freePort());
  hooks.state.failAll = true;
  const before = hooks.received.length;
  const attemptsBefore = hooks.state.attempts;
  const deliveries = async () =>
    (await call(shop, 'business', 'GET', '/business/webhook/deliveries')).body as Array<{
      id: string;
      status: string;
      attempts: number;
    }>;
  const earlier = new Set((await deliveries()).map((d) => d.id));
  for (let i = 0; i < 8; i++) {
    const target = i % 2 === 0 ? server : second;
    const refused = await fetch(`${target.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ to: customerPhone, text: `Reminder ${i}` }),
    });
    expect(refused.status).toBe(403);
  }
  await eventually(() => hooks.state.attempts >= 9, 10_000, 'failed attempts');
  hooks.state.failAll = false;
  await eventually(() => hooks.received.length - before >= 8, 20_000, 'eight deliveries');
  // Barrier: a process counts an attempt in the log when it claims the delivery, before sending.
  // Once all eight are delivered and the hook server has had as many requests as the log counts
  // attempts, no send (a duplicate included) is still on its way.
  await eventually(
    async () => {
      const rows = (await deliveries()).filter((d) => !earlier.has(d.id));
      const claimed = rows.reduce((sum, d) => sum + d.attempts, 0);
      return (
        rows.length === 8 &&
        rows.every((d) => d.status === 'delivered') &&
        hooks.state.attempts - attemptsBefore === claimed
      );
    },
    20_000,
    'every claimed attempt at the hook server',
  );
  const ids = hooks.received.slice(before).map((r) => r.body.id);
  expect(ids).toHaveLength(8);
  expect(new Set(ids).size).toBe(8);
}, 60_000);
