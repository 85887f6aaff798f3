/**
 * Statistics through the real server: a scripted scenario with exactly known figures (messages
 * both ways, some delivered, some read, a person with read receipts off whose modified app still
 * claims reads, a template sent as a broadcast, opt-ins and an opt-out, a refusal, replayed
 * updates, a recount from the start), on both backends; then two processes on one PostgreSQL
 * database with a restart in between, counting each update once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  businessStatsSchema,
  conversationParts,
  dayIn,
  editMessage,
  fallbackText,
  platformStatsSchema,
  raiseReceipt,
  randomId,
  react,
  routeUrl,
  statsRoutes,
  type RouteQuery,
  type Template,
} from '@souk/sync';
import { runCli } from '@souk/server';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import postgres from 'postgres';
import { freshDatabase } from '../support/processes.ts';
import { eventually, signIn, type SignedIn } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';
import { refusalOf, typedClient } from '../support/typed-client.ts';

const draft = {
  name: 'order_ready',
  category: 'utility',
  defaultLanguage: 'en',
  translations: { en: { body: 'Hi {{name}}, your order is ready.' } },
};

/** Appends a genuine rendering of `template` (part of `broadcast`) as `author`. */
function pushTemplate(
  doc: Y.Doc,
  author: string,
  template: Template,
  at: number,
  broadcast: string,
) {
  const messages = conversationParts(doc).messages;
  const params = { name: 'Ana' };
  messages.push([
    {
      id: randomId(),
      author,
      n: messages.toArray().filter((m) => m.author === author).length + 1,
      at,
      kind: 'template',
      template: template.name,
      version: template.version,
      category: template.category,
      params,
      fallback: fallbackText(template, params),
      broadcast,
    },
  ]);
}

/** The update a receipt raise makes, as bytes (to send twice). */
function receiptUpdate(party: RawParty, doc: string, d: number, r: number): Uint8Array {
  const local = party.doc(doc);
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(local));
  scratch.clientID = local.clientID;
  const before = Y.encodeStateVector(local);
  raiseReceipt(scratch, party.id, { d, r });
  return Y.encodeStateAsUpdate(scratch, before);
}

const zone = 'Pacific/Kiritimati';

describe.each(backends)('statistics on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 500 001', '+3467751');
  let shop: Member;
  let template: Template;
  const people: Member[] = [];
  const chats: string[] = [];

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Horno Luna');
    // Its days run in its own timezone (UTC+14: most days differ from UTC's).
    const hours = await shop.device.write(`profile:${shop.who.id}`, (d) =>
      d.getMap('profile').set('hours', { timezone: zone }),
    );
    expect(hours).toMatchObject({ type: 'ack' });
    const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', draft);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    template = reply.body as Template;
    for (let i = 0; i < 4; i++) {
      const person = await world.person();
      people.push(person);
      chats.push(await world.chatWith(person, shop));
    }
  }, 60_000);
  afterAll(() => world.stop());

  const stats = async () => {
    const reply = await world.h.asBusiness(shop.who, 'GET', '/business/stats');
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return businessStatsSchema.parse(reply.body);
  };

  it('counts the scripted scenario exactly', async () => {
    const [p1, p2, p3, p4] = people as [Member, Member, Member, Member];
    const [c1, c2, c3, c4] = chats as [string, string, string, string];
    const ack = { type: 'ack' };
    // Every customer writes first (4 received); the fourth turns read receipts off.
    for (const [i, person] of people.entries())
      expect(await world.say(person, chats[i]!, 'Hello!')).toMatchObject(ack);
    expect(await world.prefs(p4, (m) => m.set('readReceipts', false))).toMatchObject(ack);
    expect(await world.prefs(p1, (m) => m.set(`optIn:${shop.who.id}`, true))).toMatchObject(ack);
    expect(await world.prefs(p2, (m) => m.set(`optIn:${shop.who.id}`, true))).toMatchObject(ack);

    // The shop sends 8: p1 two texts and the broadcast template, p2 a text and the template,
    // p3 a text, p4 two texts.
    const now = world.clock.now();
    for (const text of ['Hi!', 'Your bread is baking.']) await world.say(shop, c1, text);
    expect(
      await shop.device.write(c1, (d) => pushTemplate(d, shop.who.id, template, now, 'bcast0001')),
    ).toMatchObject(ack);
    await world.say(shop, c2, 'Hi!');
    expect(
      await shop.device.write(c2, (d) => pushTemplate(d, shop.who.id, template, now, 'bcast0001')),
    ).toMatchObject(ack);
    await world.say(shop, c3, 'Hi!');
    for (const text of ['Hi!', 'Anything else?']) await world.say(shop, c4, text);

    // Actions: p1 reacts to the shop's first message, the shop to p1's greeting, and the shop
    // fixes a typo (each once, however often it is counted).
    await p1.device.open(c1);
    const inC1 = conversationParts(p1.device.doc(c1)).messages.toArray();
    const shopsFirst = inC1.find((m) => m.author === shop.who.id)!;
    const greeting = inC1.find((m) => m.author === p1.who.id)!;
    expect(
      await p1.device.write(c1, (d) => react([d], shopsFirst.id, p1.who.id, '👍', now)),
    ).toMatchObject(ack);
    await shop.device.open(c1);
    expect(
      await shop.device.write(c1, (d) => react([d], greeting.id, shop.who.id, '❤️', now)),
    ).toMatchObject(ack);
    expect(
      await shop.device.write(c1, (d) =>
        editMessage([d], shopsFirst.id, shop.who.id, 'Hi, Ana!', now),
      ),
    ).toMatchObject(ack);

    // Receipts: p1 read all 3; p2 got 2, read 1; p3 nothing; p4 claims 2 read with receipts off.
    const p1Receipt = receiptUpdate(p1.device, c1, 3, 3);
    expect(await p1.device.send(c1, p1Receipt)).toMatchObject(ack);
    expect(await p1.device.send(c1, p1Receipt)).toMatchObject(ack); // replayed: a duplicate
    await p2.device.open(c2);
    expect(
      await p2.device.write(c2, (d) => raiseReceipt(d, p2.who.id, { d: 2, r: 1 })),
    ).toMatchObject(ack);
    await p4.device.open(c4);
    expect(
      await p4.device.write(c4, (d) => raiseReceipt(d, p4.who.id, { d: 2, r: 2 })),
    ).toMatchObject(ack);

    // p2 opts out again; p3 blocks the shop, whose next message is refused.
    expect(await world.prefs(p2, (m) => m.set(`optIn:${shop.who.id}`, false))).toMatchObject(ack);
    expect(await world.prefs(p3, (m) => m.set(`blocked:${shop.who.id}`, true))).toMatchObject(ack);
    expect(await world.say(shop, c3, 'Still there?')).toMatchObject({
      kind: 'not_delivered',
      code: 'blocked_by_recipient',
    });
    // Over HTTP too: the shop may not start a chat with someone who never opted in.
    const byPhone = await world.startChat(shop.who, 'business', { phone: world.h.person.phone });
    expect(byPhone).toMatchObject({ status: 403, body: { details: { reason: 'not_opted_in' } } });

    const expected = {
      totals: {
        sent: 8,
        delivered: 7,
        read: 4,
        received: 4,
        optIns: 2,
        optOuts: 1,
        refused: 2,
      },
      templates: [
        { template: '', version: 0, sent: 6, delivered: 5, read: 3 },
        { template: 'order_ready', version: template.version, sent: 2, delivered: 2, read: 1 },
      ],
      broadcasts: [
        { broadcast: 'bcast0001', template: 'order_ready', sent: 2, delivered: 2, read: 1 },
      ],
      refusals: [
        { reason: 'blocked_by_recipient', count: 1 },
        { reason: 'not_opted_in', count: 1 },
      ],
      kinds: [
        { kind: 'text', sent: 6, received: 4 },
        { kind: 'template', sent: 2, received: 0 },
      ],
      actions: [
        { action: 'reaction', sent: 1, received: 1 },
        { action: 'edit', sent: 1, received: 0 },
        { action: 'deletion', sent: 0, received: 0 },
      ],
    };
    const first = await stats();
    expect(first).toMatchObject(expected);
    const today = dayIn(zone, world.clock.now());
    expect(first.timezone).toBe(zone);
    expect(first.days.at(-1)).toMatchObject({ day: today, ...expected.totals });
    expect(first.days).toHaveLength(30);

    // Counting everything again from the first update changes nothing.
    await world.h.server.stats.rewind(0);
    expect(await stats()).toMatchObject(expected);
    // Also when compaction folded a conversation's and a person's updates into snapshots.
    await world.h.server.store.compact(c1);
    await world.h.server.store.compact(`prefs:${p2.who.id}`);
    await world.h.server.stats.rewind(0);
    expect(await stats()).toMatchObject(expected);

    // CSV of both tables, through the typed client (the app's own download is a link).
    const asShop = typedClient(world.h.server.url, shop.who, 'business');
    const templatesCsv = await asShop.call(statsRoutes.csv, { query: { table: 'templates' } });
    expect(templatesCsv.split('\r\n')).toEqual([
      'template,version,sent,delivered,read,read_rate',
      ',0,6,5,3,0.5000',
      `order_ready,${template.version},2,2,1,0.5000`,
      '',
    ]);
    const daysCsv = await asShop.call(statsRoutes.csv, { query: { from: today, to: today } });
    expect(daysCsv.split('\r\n').slice(0, 2)).toEqual([
      'day,sent,delivered,read,received,read_rate,opt_ins,opt_outs,refused',
      `${today},8,7,4,4,0.5000,2,1,2`,
    ]);
    // The app's download link: as a file, named after its table and range.
    const link = routeUrl(statsRoutes.csv, {
      query: { app: 'business', table: 'days', from: today, to: today },
    });
    const download = await fetch(`${world.h.server.url}${link}`, {
      headers: { cookie: shop.who.cookie },
    });
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="souk-stats-days-${today}-${today}.csv"`,
    );
    expect(await download.text()).toBe(daysCsv);

    // The platform: one unverified business, six people (operator, reader, four customers).
    const utcToday = dayIn('UTC', world.clock.now());
    const platform = await world.h.admin('GET', `/admin/stats?from=${utcToday}&to=${utcToday}`);
    expect(platform.status).toBe(200);
    expect(platformStatsSchema.parse(platform.body)).toMatchObject({
      businesses: { verified: 0, unverified: 1 },
      people: 6,
      days: [{ day: utcToday, messages: 12 }],
      refusals: [
        { reason: 'blocked_by_recipient', count: 1 },
        { reason: 'not_opted_in', count: 1 },
      ],
    });
  });

  it('answers only the business and operators, and checks the range', async () => {
    const asPerson = await world.h.call(people[0]!.who, 'personal', 'GET', '/business/stats');
    expect(asPerson.status).toBe(403);
    expect((await world.h.call(people[0]!.who, 'personal', 'GET', '/admin/stats')).status).toBe(
      403,
    );
    const reversed = await world.h.asBusiness(
      shop.who,
      'GET',
      '/business/stats?from=2026-02-01&to=2026-01-01',
    );
    expect(reversed.status).toBe(400);
    const tooLong = await world.h.asBusiness(
      shop.who,
      'GET',
      '/business/stats?from=2020-01-01&to=2026-01-01',
    );
    expect(tooLong.status).toBe(400);

    const url = world.h.server.url;
    const csvAs = (
      who: SignedIn,
      app: 'personal' | 'business',
      query: RouteQuery<typeof statsRoutes.csv>,
    ) => refusalOf(typedClient(url, who, app).call(statsRoutes.csv, { query }));
    expect(await csvAs(people[0]!.who, 'personal', {})).toMatchObject({ kind: 'forbidden' });
    expect(await csvAs(shop.who, 'business', { table: 'weeks' as 'days' })).toMatchObject({
      kind: 'bad_request',
      details: { path: 'table' },
    });
    expect(await csvAs(shop.who, 'business', { from: '2026-1-1' })).toMatchObject({
      kind: 'bad_request',
      details: { path: 'from' },
    });
  });
});

describe('statistics with two processes and a restart, on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: TestServer[] = [];
  const parties: RawParty[] = [];
  const env = () => ({ DATABASE_URL: database.url });
  const options = { authLimits: { perIp: 10_000, perPhone: 100 } };

  beforeAll(async () => {
    database = await freshDatabase();
    expect(await runCli(['create-operator', '--phone', '+34677600001'], env(), () => {})).toBe(0);
  });
  afterAll(async () => {
    parties.forEach((p) => p.close());
    await Promise.all(servers.map((s) => s.close()));
    await database?.drop();
  });

  async function call(
    server: TestServer,
    who: SignedIn,
    app: string,
    path: string,
    body?: unknown,
  ) {
    const response = await fetch(`${server.url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        'x-souk-app': app,
        cookie: who.cookie,
        origin: server.url,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    expect(response.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  }

  it('counts every update once, whichever process committed it, across a restart', async () => {
    // These two count only when asked (a request for figures), so what commits after the last
    // request is surely left for the process started after them.
    const held = { ...options, logFollower: { delayMs: 600_000 } };
    const first = await startTestServer(env(), held);
    const second = await startTestServer(env(), held);
    servers.push(first, second);
    const operator = await signIn(first.url, '+34677600001');
    const tos = await call(first, operator, 'personal', '/admin/terms', { kind: 'tos', text: 'T' });
    const privacy = await call(first, operator, 'personal', '/admin/terms', {
      kind: 'privacy',
      text: 'P',
    });
    const business = await signIn(second.url, '+34677600002', 'business');
    await call(second, business, 'business', '/business/terms/accept', {
      tos: tos.version,
      privacy: privacy.version,
    });
    await call(second, business, 'business', '/business/register', {
      name: 'Librería Mar',
      category: 'retail',
    });
    // Three customers on the first process, the shop on the second.
    const shop = await rawParty(second.url, business, 'business');
    parties.push(shop);
    const customers: Array<{ party: RawParty; chat: string }> = [];
    for (let i = 0; i < 3; i++) {
      const person = await signIn(first.url, `+3467760010${i}`);
      const { doc } = await call(first, person, 'personal', '/chats', { businessId: business.id });
      const party = await rawParty(first.url, person);
      parties.push(party);
      await party.open(doc);
      await shop.open(doc);
      customers.push({ party, chat: doc });
    }
    const { appendText } = await import('@souk/sync');
    const say = (party: RawParty, chat: string, text: string) =>
      party.write(chat, (d) => appendText(d, party.id, text, Date.now()));
    for (const { party, chat } of customers) {
      expect(await say(party, chat, 'Do you have atlases?')).toMatchObject({ type: 'ack' });
      for (let k = 0; k < 3; k++)
        expect(await say(shop, chat, `Answer ${k}`)).toMatchObject({ type: 'ack' });
    }
    const expectFigures = async (server: TestServer, figures: object) => {
      const reply = await call(server, business, 'business', '/business/stats');
      expect(businessStatsSchema.parse(reply).totals).toMatchObject(figures);
    };
    await expectFigures(first, { sent: 9, received: 3, delivered: 0, read: 0 });
    await expectFigures(second, { sent: 9, received: 3, delivered: 0, read: 0 });

    // Both processes see every commit and race to count; still once each.
    for (const { party, chat } of customers) {
      await party.open(chat);
      expect(
        await party.write(chat, (d) => raiseReceipt(d, party.id, { d: 3, r: 2 })),
      ).toMatchObject({ type: 'ack' });
    }
    await Promise.all([
      expectFigures(first, { sent: 9, received: 3, delivered: 9, read: 6 }),
      expectFigures(second, { sent: 9, received: 3, delivered: 9, read: 6 }),
    ]);

    // The first process stops; the customers' next messages commit while it is down.
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    const late = await rawParty(second.url, await signIn(second.url, '+34677600100'));
    parties.push(late);
    await late.open(customers[0]!.chat);
    expect(await say(late, customers[0]!.chat, 'One more thing')).toMatchObject({ type: 'ack' });
    // The second stops too, at once (nothing may be left half counted), and a new one starts.
    await second.close();
    servers.splice(servers.indexOf(second), 1);
    const third = await startTestServer(env(), held);
    servers.push(third);
    const counted = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      // Nothing has asked the new process yet: it resumed from the cursor on its own at start.
      await eventually(
        async () => {
          const [row] = await counted`SELECT sum(received)::int AS n FROM stats_daily`;
          return row?.n === 4;
        },
        10_000,
        'the new process counts what committed while none was counting',
      );
    } finally {
      await counted.end();
    }
    await expectFigures(third, { sent: 9, received: 4, delivered: 9, read: 6 });
  });
});
