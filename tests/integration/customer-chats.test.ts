/**
 * A business starting chats with its opted-in customers (issue 19, item 3), through the real
 * server on PGlite as a hostile business app would call it: the search lists exactly the people
 * who opted in to this business and may be reached now (not another business's customers, not
 * someone who withdrew, blocked it or switched business messages off), by phone digits, by
 * display name and by label, a bounded page at a time; starting a chat goes through the consent rules every time and
 * refuses forged ids with the same reason as people who never opted in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerRoutes,
  docName,
  inboxDocName,
  setBlocked,
  setBusinessMessages,
  setChatLabel,
  setOptIn,
  type CustomerSearchQuery,
  type RouteClient,
} from '@souk/sync';
import { consentWorld, type Member } from '../support/consent.ts';
import { refusalOf, typedClient } from '../support/typed-client.ts';

describe('starting chats with opted-in customers (pglite)', () => {
  const world = consentWorld('pglite', '+34 655 719 001', '+3465571');
  let shop: Member;
  let other: Member;
  let api: RouteClient;
  const people: Record<string, Member> = {};

  const prefs = (m: Member, change: Parameters<Member['device']['write']>[1]) =>
    m.device.write(docName('prefs', m.who.id), change);
  const search = async (query: CustomerSearchQuery = {}) =>
    (await api.call(customerRoutes.search, { query })).customers.map((c) => c.id);
  const start = (id: string, client = api) =>
    client.call(customerRoutes.startChat, { params: { id } });

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Tienda Uno');
    other = await world.business('Otra Tienda');
    api = typedClient(world.h.server.url, shop.who, 'business');
    for (const name of ['ana', 'bea', 'carl', 'dan', 'eve', 'fay', 'gil', 'hugo'])
      people[name] = await world.person();
    const { ana, bea, dan, eve, fay, gil, hugo } = people as Record<string, Member>;
    for (const m of [ana!, dan!, eve!, fay!, gil!, hugo!])
      expect(await prefs(m, (d) => setOptIn(d, shop.who.id, true))).toMatchObject({ type: 'ack' });
    expect(await prefs(bea!, (d) => setOptIn(d, other.who.id, true))).toMatchObject({
      type: 'ack',
    });
    // Dan withdrew, Eve blocked the shop, Fay switched business messages off.
    expect(await prefs(dan!, (d) => setOptIn(d, shop.who.id, false))).toMatchObject({
      type: 'ack',
    });
    expect(await prefs(eve!, (d) => setBlocked(d, shop.who.id, true))).toMatchObject({
      type: 'ack',
    });
    expect(await prefs(fay!, (d) => setBusinessMessages(d, false))).toMatchObject({ type: 'ack' });
  }, 60_000);
  afterAll(() => world.stop());

  it('lists exactly the people who opted in and may be reached, in pages', async () => {
    const { ana, gil, hugo } = people;
    const reachable = [ana!, gil!, hugo!].map((m) => m.who.id);
    expect((await search()).sort()).toEqual([...reachable].sort());
    // Pages of one: every customer once, then the end.
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await api.call(customerRoutes.search, { query: { limit: 1, after } });
      seen.push(...page.customers.map((c) => c.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen.sort()).toEqual([...reachable].sort());
    // The other business sees only its own customer.
    const theirs = typedClient(world.h.server.url, other.who, 'business');
    const page = await theirs.call(customerRoutes.search, { query: {} });
    expect(page.customers.map((c) => c.id)).toEqual([people.bea!.who.id]);
  });

  it('searches by phone digits', async () => {
    const { ana, bea } = people;
    expect(await search({ q: ana!.who.phone.slice(-4) })).toEqual([ana!.who.id]);
    expect(await search({ q: bea!.who.phone })).toEqual([]);
  });

  it('starts the chat with an opted-in customer who never wrote, and reopens it', async () => {
    const ana = people.ana!;
    const { doc, peer } = await start(ana.who.id);
    expect(peer).toMatchObject({ id: ana.who.id, kind: 'person' });
    expect((await start(ana.who.id)).doc).toBe(doc);
    await ana.device.open(doc);
    const [listed] = (await api.call(customerRoutes.search, { query: { q: ana.who.phone } }))
      .customers;
    expect(listed).toMatchObject({ id: ana.who.id, doc, labels: [] });
  });

  it('searches by label, by id or by name', async () => {
    const ana = people.ana!;
    const { doc } = await start(ana.who.id);
    const conv = doc.slice('conv:'.length);
    expect(
      await shop.device.write(inboxDocName(shop.who.id), (d) =>
        setChatLabel(d, conv, 'paid', true),
      ),
    ).toMatchObject({ type: 'ack' });
    expect(await search({ label: 'paid' })).toEqual([ana.who.id]);
    expect(await search({ q: 'paid' })).toEqual([ana.who.id]);
    expect(await search({ label: 'new-order' })).toEqual([]);
    expect(await search({ q: 'no such label' })).toEqual([]);
  });

  it("searches by the customer's display name, and lists it", async () => {
    const { hugo, gil, eve } = people as Record<string, Member>;
    const named = (m: Member, name: string) =>
      world.h.call(m.who, 'personal', 'PUT', '/profile', { name });
    expect((await named(hugo!, 'Hugo Ñúñez')).status).toBe(200);
    expect((await named(gil!, 'Gil 100%')).status).toBe(200);
    expect((await named(eve!, 'Hugo Blocker')).status).toBe(200); // blocked the shop
    expect(await search({ q: 'hugo' })).toEqual([hugo!.who.id]);
    expect(await search({ q: 'ÑÚÑ' })).toEqual([hugo!.who.id]);
    expect(await search({ q: 'l 100%' })).toEqual([gil!.who.id]); // `%` a letter, not a wildcard
    const [listed] = (await api.call(customerRoutes.search, { query: { q: 'Hugo' } })).customers;
    expect(listed).toMatchObject({ id: hugo!.who.id, name: 'Hugo Ñúñez' });
    // A label's name still finds its customers alongside names.
    expect(await search({ q: 'Hugo paid' })).toEqual([]);
  });

  it('refuses everyone else with the consent rule that stops them', async () => {
    const cases: Array<[string, string]> = [
      [people.bea!.who.id, 'not_opted_in'], // another business's customer
      [people.carl!.who.id, 'not_opted_in'], // never opted in
      [people.dan!.who.id, 'not_opted_in'], // withdrew
      [people.eve!.who.id, 'blocked_by_recipient'],
      [people.fay!.who.id, 'business_messages_off'],
      // Forged ids: nobody, a business, a malformed id, an overlong one.
      ['nobody-at-all', 'not_opted_in'],
      [other.who.id, 'not_opted_in'],
      ['../admin', 'not_opted_in'],
      ['x'.repeat(65), 'not_opted_in'],
    ];
    for (const [id, reason] of cases)
      expect(await refusalOf(start(id)), id).toEqual({
        kind: 'not_delivered',
        details: { reason },
      });
  });

  it('refuses a withdrawn customer even when their chat exists', async () => {
    const gil = people.gil!;
    const { doc } = await start(gil.who.id);
    expect(doc).toMatch(/^conv:/);
    expect(await prefs(gil, (d) => setOptIn(d, shop.who.id, false))).toMatchObject({ type: 'ack' });
    expect(await refusalOf(start(gil.who.id))).toMatchObject({
      details: { reason: 'not_opted_in' },
    });
    expect(await search()).not.toContain(gil.who.id);
  });

  it('refuses malformed and oversized searches', async () => {
    const bad = [
      { q: 'x'.repeat(65) },
      { limit: 51 },
      { limit: 0 },
      { after: 'not a cursor' },
      { label: 'a/b' },
      { extra: 'field' } as CustomerSearchQuery,
    ];
    for (const query of bad)
      expect(
        await refusalOf(api.call(customerRoutes.search, { query })),
        JSON.stringify(query),
      ).toMatchObject({ kind: 'bad_request' });
  });

  it('answers only business sessions in good standing', async () => {
    const person = typedClient(world.h.server.url, people.ana!.who, 'personal');
    expect(await refusalOf(person.call(customerRoutes.search, { query: {} }))).toMatchObject({
      kind: 'forbidden',
    });
    expect(await refusalOf(start(people.hugo!.who.id, person))).toMatchObject({
      kind: 'forbidden',
    });
    await world.setSuspended(shop.who.id, true);
    for (const answer of [search(), start(people.hugo!.who.id)])
      expect(await refusalOf(answer)).toMatchObject({
        kind: 'forbidden',
        details: { reason: 'business_suspended' },
      });
    await world.setSuspended(shop.who.id, false);
    // New terms: until the shop accepts them it can neither search nor start.
    await world.h.publish('tos', 'Terms of service, second edition.');
    expect(await refusalOf(start(people.hugo!.who.id))).toMatchObject({
      kind: 'forbidden',
      details: { reason: 'terms_not_accepted' },
    });
  });
});
