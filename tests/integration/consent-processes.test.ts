/**
 * The consent rules with two server processes on one PostgreSQL database: a customer connected
 * to one, the business to the other. What the customer does on the first (write, block, unblock)
 * binds the business on the second at once, with nothing but the database in common; neither
 * process's memory decides on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText } from '@souk/sync';
import { runCli } from '@souk/server';
import { startTestServer, type TestServer } from '../support/server.ts';
import { freshDatabase } from '../support/processes.ts';
import { signIn, type SignedIn } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';
import { hour } from '../support/consent.ts';

async function call(
  server: TestServer,
  who: SignedIn,
  app: 'personal' | 'business',
  path: string,
  body: unknown,
) {
  const response = await fetch(`${server.url}/api${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-souk-app': app,
      cookie: who.cookie,
      origin: server.url,
    },
    body: JSON.stringify(body),
  });
  const reply = { status: response.status, body: await response.json() };
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body;
}

describe('consent across two processes on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let first: TestServer;
  let second: TestServer;
  let now = Date.now();
  const clock = { now: () => now };
  let customer: RawParty;
  let shop: RawParty;
  let chat: string;
  let customerId: string;
  let shopId: string;

  beforeAll(async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: database.url };
    expect(await runCli(['create-operator', '--phone', '+34677400001'], env, () => {})).toBe(0);
    const options = { clock, authLimits: { perIp: 10_000, perPhone: 100 } };
    first = await startTestServer(env, options);
    second = await startTestServer(env, options);

    const operator = await signIn(first.url, '+34677400001');
    const tos = await call(first, operator, 'personal', '/admin/terms', { kind: 'tos', text: 'T' });
    const privacy = await call(first, operator, 'personal', '/admin/terms', {
      kind: 'privacy',
      text: 'P',
    });
    const business = await signIn(second.url, '+34677400002', 'business');
    await call(second, business, 'business', '/business/terms/accept', {
      tos: tos.version,
      privacy: privacy.version,
    });
    await call(second, business, 'business', '/business/register', {
      name: 'Zapatería Río',
      category: 'retail',
    });
    const person = await signIn(first.url, '+34677400003');
    chat = (await call(first, person, 'personal', '/chats', { businessId: business.id })).doc;
    customer = await rawParty(first.url, person);
    shop = await rawParty(second.url, business, 'business');
    await customer.open(chat);
    await shop.open(chat);
    customerId = person.id;
    shopId = business.id;
  }, 60_000);
  afterAll(async () => {
    customer?.close();
    shop?.close();
    await Promise.all([first?.close(), second?.close()]);
    await database?.drop();
  });

  const say = (party: RawParty, text: string) =>
    party.write(chat, (d) => appendText(d, party.id, text, now));
  const prefs = (key: string, value: boolean) =>
    customer.write(`prefs:${customerId}`, (d) => d.getMap('prefs').set(key, value));

  it('a customer message on one process opens the window on the other at once', async () => {
    expect(await say(shop, 'Hello?')).toMatchObject({
      kind: 'not_delivered',
      code: 'outside_window',
    });
    expect(await say(customer, 'Do you have size 42?')).toMatchObject({ type: 'ack' });
    expect(await say(shop, 'Yes, in black and brown.')).toMatchObject({ type: 'ack' });
  });

  it('a block on one process binds the other at once; unblocking lifts it', async () => {
    expect(await prefs(`blocked:${shopId}`, true)).toMatchObject({ type: 'ack' });
    expect(await say(shop, 'Still interested?')).toMatchObject({
      kind: 'not_delivered',
      code: 'blocked_by_recipient',
    });
    expect(await prefs(`blocked:${shopId}`, false)).toMatchObject({ type: 'ack' });
    expect(await say(shop, 'Still interested?')).toMatchObject({ type: 'ack' });
  });

  it('the window closes on both', async () => {
    now += 25 * hour;
    expect(await say(shop, 'Last chance!')).toMatchObject({
      kind: 'not_delivered',
      code: 'outside_window',
    });
  });
});
