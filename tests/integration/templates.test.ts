/**
 * Templates through the real server (issue 6): publishing with lint and versions, the pack with
 * ETag revalidation, and template messages on the sync path — only a genuine rendering of a
 * published version of the sender's own template passes, and then the consent rules treat it as
 * a template: outside the 24-hour window it reaches exactly the people who have business messages
 * on, opted in to this business and did not block it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  conversationParts,
  fallbackText,
  randomId,
  routeUrl,
  templateRoutes,
  type Template,
  type TemplateDraft,
  type TemplateMessage,
} from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, type Member } from '../support/consent.ts';
import { eventually } from '../support/people.ts';
import { broadcastAndWait } from '../support/broadcasts.ts';
import { refusalOf, typedClient } from '../support/typed-client.ts';

const orderShipped: TemplateDraft = {
  name: 'order_shipped',
  category: 'utility',
  defaultLanguage: 'en',
  translations: {
    en: { body: 'Hi {{name}}, order {{order_id}} is on its way.', footer: 'Panadería Sol' },
    es: { body: 'Hola {{name}}, el pedido {{order_id}} está en camino.' },
  },
};

describe.each(backends)('templates on %s', (backend) => {
  const world = consentWorld(backend, '+34 688 000 001', '+3468810');
  let shop: Member;
  let published: Template;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Panadería Sol');
    const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', orderShipped);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    published = reply.body;
  }, 60_000);
  afterAll(() => world.stop());

  /** A template message as the business app writes it: the template's own fallback. */
  function templateMessage(
    params: Record<string, string>,
    change: Partial<TemplateMessage> = {},
  ): TemplateMessage {
    return {
      id: randomId(),
      author: shop.who.id,
      n: 1,
      at: world.clock.now(),
      kind: 'template',
      template: published.name,
      version: published.version,
      category: published.category,
      params,
      fallback: fallbackText(published, params),
      ...change,
    };
  }

  function sendTemplate(doc: string, message: TemplateMessage) {
    return shop.device.write(doc, (d) => {
      const messages = conversationParts(d).messages;
      const n = messages.toArray().filter((m) => m.author === shop.who.id).length + 1;
      messages.push([{ ...message, n }]);
    });
  }

  describe('publishing', () => {
    it('numbers versions; an edit is a new version and the old one stays', async () => {
      expect(published.version).toBe(1);
      const edited = { ...orderShipped, translations: { ...orderShipped.translations } };
      edited.translations.en = { body: 'Hello {{name}}, {{order_id}} shipped today.' };
      const second = await world.h.asBusiness(shop.who, 'POST', '/business/templates', edited);
      expect(second).toMatchObject({ status: 201, body: { version: 2 } });
      const listed = await world.h.asBusiness(shop.who, 'GET', '/business/templates');
      expect(listed.body.map((t: Template) => [t.name, t.version])).toEqual([['order_shipped', 2]]);
      const pack = await world.h.call(
        world.h.person,
        'personal',
        'GET',
        `/templates/${shop.who.id}/pack`,
      );
      expect(pack.body.templates.map((t: Template) => t.version).sort()).toEqual([1, 2]);
    });

    it('refuses a template with problems, naming every one, and stores nothing', async () => {
      const bad = {
        ...orderShipped,
        name: 'broken',
        translations: {
          en: { body: 'Hi {{name}}', buttons: [{ type: 'url', text: 'Go', url: 'javascript:x' }] },
          es: { body: 'Hola {{nombre}}' },
        },
      };
      const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', bad);
      expect(reply.status).toBe(400);
      const codes = reply.body.details.issues.map((i: { code: string }) => i.code).sort();
      expect(codes).toEqual([
        'bad_link',
        'parameter_mismatch',
        'template_few_words',
        'template_few_words',
        'template_parameter_at_edge',
        'template_parameter_at_edge',
      ]);
      expect(reply.body.details.reason).toBe('template_few_words');
      const listed = await world.h.asBusiness(shop.who, 'GET', '/business/templates');
      expect(listed.body.map((t: Template) => t.name)).not.toContain('broken');
    });

    it('serves the pack with an ETag and 31 days of caching, and answers 304 while nothing changed', async () => {
      const url = world.h.server.url;
      const device = typedClient(url, world.h.person, 'personal');
      const params = { businessId: shop.who.id };
      const first = await device.revalidate(templateRoutes.pack, { params });
      if (!first.changed) throw new Error('a device without the pack got a 304');
      expect(first.value.businessId).toBe(shop.who.id);
      const etag = first.etag!;
      expect(await device.revalidate(templateRoutes.pack, { params, etag })).toEqual({
        changed: false,
      });
      // What a browser cache sees: the 304 keeps the ETag and the caching, and has no body.
      const raw = await fetch(`${url}${routeUrl(templateRoutes.pack, { params })}`, {
        headers: { cookie: world.h.person.cookie, 'if-none-match': `W/${etag}` },
      });
      expect(raw.status).toBe(304);
      expect(raw.headers.get('etag')).toBe(etag);
      expect(raw.headers.get('cache-control')).toBe('private, max-age=2678400');
      expect(await raw.text()).toBe('');

      await world.h.asBusiness(shop.who, 'POST', '/business/templates', {
        ...orderShipped,
        name: 'order_delayed',
      });
      const changed = await device.revalidate(templateRoutes.pack, { params, etag });
      if (!changed.changed) throw new Error('a newly published template was answered 304');
      expect(changed.etag).not.toBe(etag);
      expect(changed.value.templates.map((t) => t.name)).toContain('order_delayed');
      const stranger = typedClient(url, null, 'personal');
      expect(await refusalOf(stranger.revalidate(templateRoutes.pack, { params, etag }))).toEqual({
        kind: 'unauthenticated',
      });
    });

    it('checks the shape with the shared schema before the lint, naming the field', async () => {
      const client = typedClient(world.h.server.url, shop.who, 'business');
      const odd = { ...orderShipped, name: 'odd', colour: 'red' } as TemplateDraft;
      expect(await refusalOf(client.call(templateRoutes.publish, { body: odd }))).toMatchObject({
        kind: 'bad_request',
      });
      const noBody = { ...orderShipped, name: 'no_body', translations: { en: {} } };
      const refused = await refusalOf(
        client.call(templateRoutes.publish, { body: noBody as unknown as TemplateDraft }),
      );
      expect(refused).toMatchObject({
        kind: 'bad_request',
        details: { path: 'translations.en.body' },
      });
      const listed = await client.call(templateRoutes.list);
      expect(listed.map((t) => t.name)).not.toContain('odd');
    });

    it('is behind the terms gate like every business action', async () => {
      const newcomer = await world.h.newBusiness();
      const reply = await world.h.asBusiness(newcomer, 'POST', '/business/templates', orderShipped);
      expect(reply).toMatchObject({
        status: 403,
        body: { details: { reason: 'terms_not_accepted' } },
      });
    });
  });

  describe('template messages', () => {
    const params = { name: 'Ana', order_id: 'A-1042' };

    async function optedInCustomerOutsideWindow(): Promise<{ person: Member; doc: string }> {
      const person = await world.person();
      const doc = await world.chatWith(person, shop);
      await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));
      return { person, doc };
    }

    it('refuses anything but a genuine rendering of a published version', async () => {
      const { doc } = await optedInCustomerOutsideWindow();
      const forgeries: Array<Partial<TemplateMessage>> = [
        { fallback: '50% off everything today only!' },
        { version: 99 },
        { template: 'no_such_template' },
        { category: 'marketing' },
        { params: { name: 'Ana' }, fallback: fallbackText(published, { name: 'Ana' }) },
      ];
      for (const forged of forgeries) {
        const answer = await sendTemplate(doc, templateMessage(params, forged));
        expect(answer, JSON.stringify(forged)).toMatchObject({
          type: 'error',
          kind: 'not_delivered',
          code: 'template_mismatch',
        });
      }
      expect(await world.storedMessages(doc)).toEqual([]);
      // A person cannot send a template message in a business's name, nor as their own.
      const person = await world.person();
      const theirs = await world.chatWith(person, shop);
      const answer = await person.device.write(theirs, (d) =>
        conversationParts(d).messages.push([templateMessage(params, { author: person.who.id })]),
      );
      expect(answer).toMatchObject({ type: 'error' });
    });

    type Case = { switchOn: boolean; optedIn: boolean; blocked: boolean };
    const cases: Case[] = [];
    for (const switchOn of [true, false])
      for (const optedIn of [true, false])
        for (const blocked of [false, true]) cases.push({ switchOn, optedIn, blocked });
    const expected = (c: Case) =>
      c.blocked
        ? 'blocked_by_recipient'
        : !c.switchOn
          ? 'business_messages_off'
          : !c.optedIn
            ? 'not_opted_in'
            : 'delivered';

    it.each(cases)(
      'outside the window: switch $switchOn, opted in $optedIn, blocked $blocked',
      async (c) => {
        const person = await world.person();
        const doc = await world.chatWith(person, shop);
        await world.say(person, doc, 'Hello?');
        world.advance(25 * hour);
        await world.prefs(person, (map) => {
          map.set('businessMessages', c.switchOn);
          map.set(`optIn:${shop.who.id}`, c.optedIn);
          map.set(`blocked:${shop.who.id}`, c.blocked);
        });
        const free = await world.say(shop, doc, 'Free text is never allowed out here.');
        expect(free).toMatchObject({ type: 'error', kind: 'not_delivered' });
        const answer = await sendTemplate(doc, templateMessage(params));
        const outcome = expected(c);
        if (outcome === 'delivered') {
          expect(answer).toMatchObject({ type: 'ack' });
          expect(await world.storedTexts(doc)).toContain(fallbackText(published, params));
          // The customer's device sends its whole copy back (as a reconnecting app may): the
          // business's template in it is not the customer's to answer for.
          await eventually(
            () => conversationParts(person.device.doc(doc)).messages.length === 2,
            5000,
            'the customer has the template',
          );
          const echo = await person.device.send(doc, Y.encodeStateAsUpdate(person.device.doc(doc)));
          expect(echo).toMatchObject({ type: 'ack' });
        } else {
          expect(answer).toMatchObject({
            type: 'error',
            kind: 'not_delivered',
            code: outcome,
          });
          expect(await world.storedTexts(doc)).toEqual(['Hello?']);
        }
        person.device.close();
      },
    );
  });

  describe('broadcasts', () => {
    it('reaches exactly the customers the rules allow, with a result for each', async () => {
      const shopB = await world.business('Ferretería Luz');
      const reply = await world.h.asBusiness(
        shopB.who,
        'POST',
        '/business/templates',
        orderShipped,
      );
      expect(reply.status).toBe(201);
      const customer = async (choices: Record<string, boolean>) => {
        const person = await world.person();
        const doc = await world.chatWith(person, shopB);
        await world.prefs(person, (map) => {
          for (const [key, value] of Object.entries(choices))
            map.set(key.replace('$', shopB.who.id), value);
        });
        return { person, doc };
      };
      const optedIn = await customer({ 'optIn:$': true });
      const notOptedIn = await customer({});
      const blocked = await customer({ 'optIn:$': true, 'blocked:$': true });
      const switchedOff = await customer({ 'optIn:$': true, businessMessages: false });
      const vip = await customer({ 'optIn:$': true });

      const params = { name: 'cliente', order_id: 'REBAJAS' };
      const asShop = (method: string, path: string, body?: unknown) =>
        world.h.asBusiness(shopB.who, method, path, body);
      const all = await broadcastAndWait(asShop, { template: 'order_shipped', params });
      expect(all.status, JSON.stringify(all.body)).toBe(201);
      const outcome = (c: { person: { who: { id: string } } }) =>
        all.body.results.find((r: { personId: string }) => r.personId === c.person.who.id);
      expect(outcome(optedIn)).toMatchObject({ status: 'sent', conversation: optedIn.doc });
      expect(outcome(vip)).toMatchObject({ status: 'sent' });
      // Someone who never opted in is not in the audience at all.
      expect(outcome(notOptedIn)).toBeUndefined();
      expect(outcome(blocked)).toMatchObject({
        status: 'refused',
        reason: 'blocked_by_recipient',
      });
      expect(outcome(switchedOff)).toMatchObject({
        status: 'refused',
        reason: 'business_messages_off',
      });
      expect(all.body).toMatchObject({ status: 'done', sent: 2, refused: 2, version: 1 });
      const text = fallbackText(published, params);
      expect(await world.storedTexts(optedIn.doc)).toEqual([text]);
      expect(await world.storedTexts(notOptedIn.doc)).toEqual([]);
      const stored = (await world.storedMessages(vip.doc))[0] as TemplateMessage;
      expect(stored).toMatchObject({ kind: 'template', broadcast: all.body.broadcast });
      await eventually(
        () => conversationParts(optedIn.person.device.doc(optedIn.doc)).messages.length === 1,
        5000,
        'the customer receives the broadcast',
      );

      // Only the chats with a label: the business labels one chat in its inbox document.
      const label = await shopB.device.write(`inbox:${shopB.who.id}`, (d) =>
        d.getMap('chatLabels').set(`${vip.doc.slice('conv:'.length)}/paid`, true),
      );
      expect(label).toMatchObject({ type: 'ack' });
      const labelled = await broadcastAndWait(asShop, {
        template: 'order_shipped',
        params,
        label: 'paid',
      });
      expect(labelled.body.results.map((r: { conversation: string }) => r.conversation)).toEqual([
        vip.doc,
      ]);

      // A template that does not exist, or parameters that do not fit, change nothing.
      expect(
        await world.h.asBusiness(shopB.who, 'POST', '/business/broadcasts', {
          template: 'nope',
          params,
        }),
      ).toMatchObject({ status: 404 });
      // Without an order_id nobody's row can be used: the job addresses nobody.
      const misfit = await broadcastAndWait(asShop, {
        template: 'order_shipped',
        params: { name: 'x' },
      });
      expect(misfit.body).toMatchObject({ status: 'done', total: 0, results: [] });
      expect(await world.storedTexts(optedIn.doc)).toEqual([text]);
    });
  });
});
