/**
 * One submit path (issue 12, item 2): every way a message enters a conversation — a device's
 * update, the Business API, a broadcast, the greeting / away message, a keyword's reply, and a
 * new conversation's participants — is refused by the consent rules and goes through the update
 * validator. The validator's trace is the client-id binding: it binds the Yjs client id of every
 * update it accepts to the author, and only it does, so a message the server wrote on a
 * business's behalf carries a client id bound to that business, which a customer's forged update
 * may not reuse (while the same forgery with a fresh client id is stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendText,
  docName,
  epochDocName,
  inboxDocName,
  platformActor,
  preferencesMap,
  readMessageEntries,
  setGreeting,
  setOptIn,
  type Message,
} from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, type Member } from '../support/consent.ts';
import { eventually } from '../support/people.ts';
import { broadcastAndWait } from '../support/broadcasts.ts';
import { orderShipped } from './business-api-support.ts';

describe.each(backends)('every path into a conversation, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 900 001', '+3467790');
  const { h } = world;
  let shop: Member;
  let key: string;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Tienda Única');
    const template = await h.asBusiness(shop.who, 'POST', '/business/templates', orderShipped);
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const created = await h.asBusiness(shop.who, 'POST', '/business/api-keys', {
      name: 'server',
      scopes: ['messages:send'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    key = created.body.key as string;
  }, 60_000);
  afterAll(() => world.stop());

  const api = async (body: unknown) => {
    const response = await fetch(`${h.server.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  /** The Yjs client id that carries the stored message `pick` finds. */
  async function clientOf(doc: string, pick: (m: Message) => boolean): Promise<number> {
    const entry = readMessageEntries(await world.stored(doc)).find((e) => pick(e.message));
    expect(entry, 'the message is stored').toBeDefined();
    return entry!.client;
  }

  /**
   * `member` appends an honest message of their own with Yjs client id `client`: refused when the
   * validator bound that id to someone else, stored with a fresh id (the control).
   */
  async function reuse(member: Member, doc: string, client: number) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(await world.stored(doc)));
    // After applying: Yjs gives a document a new id when a remote update carries its own.
    copy.clientID = client;
    const before = Y.encodeStateVector(copy);
    appendText(copy, member.who.id, 'mine', world.clock.now());
    const refused = await member.device.send(doc, Y.encodeStateAsUpdate(copy, before));
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(await world.stored(doc)));
    const control = Y.encodeStateVector(fresh);
    appendText(fresh, member.who.id, 'mine', world.clock.now());
    const stored = await member.device.send(doc, Y.encodeStateAsUpdate(fresh, control));
    return { refused, stored };
  }

  const boundToAnother = { refused: { type: 'error', kind: 'refused_update' } };
  const accepted = { stored: { type: 'ack' } };

  it('a device’s update: the consent rules, then the validator', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    expect(await world.say(person, doc, 'Hello')).toMatchObject({ type: 'ack' });
    world.advance(25 * hour);
    expect(await world.say(shop, doc, 'Still there?')).toMatchObject({
      type: 'error',
      kind: 'not_delivered',
    });
    expect(await world.say(person, doc, 'Yes')).toMatchObject({ type: 'ack' });
    const forged = await shop.device.write(doc, (d) =>
      appendText(d, person.who.id, 'in your name', world.clock.now()),
    );
    expect(forged).toMatchObject({ type: 'error', kind: 'refused_update' });
  });

  it('a new conversation: its participants are the platform’s validated write', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    const head = readMessageEntries(await world.stored(doc));
    expect(head).toEqual([]);
    // The participants' item was written by a client id bound to the platform.
    const stored = await world.stored(doc);
    const [client] = [...Y.decodeStateVector(Y.encodeStateVector(stored)).keys()];
    expect(await reuse(person, doc, client!)).toMatchObject({ ...boundToAnother, ...accepted });
  });

  it('the Business API: the consent rules refuse it outside the window; validated as the business', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    expect(await world.say(person, doc, 'Is my order ready?')).toMatchObject({ type: 'ack' });
    const sent = await api({ to: person.who.phone, text: 'Yes, come by.' });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    const client = await clientOf(doc, (m) => m.id === sent.body.id);
    expect(await reuse(person, doc, client)).toMatchObject({ ...boundToAnother, ...accepted });

    world.advance(25 * hour);
    const late = await api({ to: person.who.phone, text: 'Still want it?' });
    expect(late.body).toMatchObject({
      kind: 'not_delivered',
      details: { reason: 'outside_window' },
    });
  });

  it('a broadcast: the consent rules refuse a customer who blocked; validated as the business', async () => {
    const fan = await world.person();
    const blocker = await world.person();
    const fanDoc = await world.chatWith(fan, shop);
    await world.chatWith(blocker, shop);
    expect(await world.prefs(fan, (p) => p.set(`optIn:${shop.who.id}`, true))).toMatchObject({
      type: 'ack',
    });
    // The blocker opted in once, then blocked the shop: addressed, and refused by the rules.
    const blocks = (p: Y.Map<unknown>) => {
      p.set(`optIn:${shop.who.id}`, true);
      p.set(`blocked:${shop.who.id}`, true);
    };
    expect(await world.prefs(blocker, blocks)).toMatchObject({ type: 'ack' });
    const asShop = (method: string, path: string, body?: unknown) =>
      h.asBusiness(shop.who, method, path, body);
    const reply = await broadcastAndWait(asShop, {
      template: 'order_shipped',
      params: { name: 'Ana', order_id: 'B-1' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const results = reply.body.results as Array<{
      personId: string;
      status: string;
      reason?: string;
      messageId?: string;
    }>;
    expect(results.find((r) => r.personId === blocker.who.id)).toMatchObject({
      status: 'refused',
      reason: 'blocked_by_recipient',
    });
    const toFan = results.find((r) => r.personId === fan.who.id);
    expect(toFan).toMatchObject({ status: 'sent' });
    const client = await clientOf(fanDoc, (m) => m.id === toFan!.messageId);
    expect(await reuse(fan, fanDoc, client)).toMatchObject({ ...boundToAnother, ...accepted });
  });

  it('a keyword’s reply: the STOP itself is judged; the confirmation is the platform’s validated write', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    expect(await world.say(person, doc, 'STOP')).toMatchObject({ type: 'ack' });
    const system = (m: Message) => m.kind === 'system';
    await eventually(async () => (await world.storedMessages(doc)).some(system), 5000, 'confirmed');
    const client = await clientOf(doc, system);
    expect(await reuse(person, doc, client)).toMatchObject({ ...boundToAnother, ...accepted });
    // The opt-out went into the person's preferences as their own write: the validator refuses
    // the same change from the platform.
    const prefs = docName('prefs', person.who.id);
    expect(preferencesMap(await world.stored(prefs)).get(`optIn:${shop.who.id}`)).toBe(false);
    const { result } = await h.server.submit.write(prefs, platformActor, (d) =>
      setOptIn(d, shop.who.id, true),
    );
    expect(result).toMatchObject({ kind: 'refused', stage: 'validator' });

    // Someone who blocked the business cannot send it a STOP: refused, and nothing is applied.
    const blocker = await world.person();
    const blockedDoc = await world.chatWith(blocker, shop);
    expect(await world.prefs(blocker, (p) => p.set(`blocked:${shop.who.id}`, true))).toMatchObject({
      type: 'ack',
    });
    expect(await world.say(blocker, blockedDoc, 'STOP')).toMatchObject({
      type: 'error',
      kind: 'not_delivered',
    });
    expect(await world.storedMessages(blockedDoc)).toEqual([]);
    expect(
      preferencesMap(await world.stored(docName('prefs', blocker.who.id))).has(
        `optIn:${shop.who.id}`,
      ),
    ).toBe(false);
  });

  describe('the greeting', () => {
    let greeter: Member;
    const greeting = 'Welcome! We answer within the hour.';

    beforeAll(async () => {
      greeter = await world.business('Horno Saludo');
      const frame = await greeter.device.write(inboxDocName(greeter.who.id), (d) =>
        setGreeting(d, { enabled: true, text: greeting }),
      );
      expect(frame).toMatchObject({ type: 'ack' });
    });

    const fromGreeter = async (doc: string) =>
      (await world.storedMessages(doc)).filter((m) => m.author === greeter.who.id);

    it('is validated as the business', async () => {
      const person = await world.person();
      const doc = await world.chatWith(person, greeter);
      expect(await world.say(person, doc, 'Hi!')).toMatchObject({ type: 'ack' });
      await eventually(async () => (await fromGreeter(doc)).length === 1, 5000, 'the greeting');
      const client = await clientOf(doc, (m) => m.author === greeter.who.id);
      expect(await reuse(person, doc, client)).toMatchObject({ ...boundToAnother, ...accepted });
    });

    it('is not even tried when the first message is a STOP (a keyword reply starts no automation)', async () => {
      const person = await world.person();
      const doc = await world.chatWith(person, greeter);
      const refusedBefore = await refused(greeter);
      expect(await world.say(person, doc, 'STOP')).toMatchObject({ type: 'ack' });
      // Once the confirmation is stored the STOP was published; then every automation it could
      // start has run.
      await eventually(
        async () => (await world.storedMessages(doc)).some((m) => m.kind === 'system'),
        5000,
        'the confirmation',
      );
      await h.server.autoReplies.settled();
      expect(await fromGreeter(doc)).toEqual([]);
      expect(await refused(greeter)).toBe(refusedBefore);
    });
  });

  async function refused(business: Member): Promise<number> {
    const stats = await h.asBusiness(business.who, 'GET', '/business/stats');
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    return stats.body.totals.refused as number;
  }

  it('the submit path refuses what the validator refuses, whoever submits it', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    const business = { id: shop.who.id, kind: 'business' } as const;
    // A message in the customer's name, built by the server as the business: refused.
    const { result } = await h.server.submit.write(epochDocName(doc, 0), business, (d) =>
      appendText(d, person.who.id, 'not mine', world.clock.now()),
    );
    expect(result).toMatchObject({ kind: 'refused', stage: 'validator' });
  });
});
