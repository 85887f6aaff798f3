/**
 * Issue 13, item 3, as an attacker tries it, on both databases: a modified business app sends,
 * over raw frames, what the person was told it cannot — a marketing template to someone who
 * said STOP, a template to someone with business messages off, a parameter value with a newline
 * or over 100 characters (also through the Business API and a broadcast) — and publishes
 * templates that break WhatsApp's structure rules. A keyword reply (STOP, START) never triggers
 * a greeting or an away message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationParts,
  fallbackText,
  inboxDocName,
  randomId,
  setAway,
  setGreeting,
  type Message,
  type Template,
} from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, textOf, type Member } from '../support/consent.ts';
import { drafts } from '../support/consent-table.ts';
import { eventually } from '../support/people.ts';

describe.each(backends)('a business app breaking the consent table, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 880 001', '+3467788');
  let shop: Member;
  const templates = new Map<string, Template>();

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Panadería Sol');
    for (const kind of ['utility', 'marketing'] as const) {
      const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', drafts[kind]);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      templates.set(kind, reply.body as Template);
    }
  }, 60_000);
  afterAll(() => world.stop());

  /** A genuine rendering of the published template, written by the business's raw device. */
  function sendTemplate(
    doc: string,
    kind: 'utility' | 'marketing',
    params: Record<string, string>,
  ) {
    const template = templates.get(kind)!;
    return shop.device.write(doc, (d) => {
      const messages = conversationParts(d).messages;
      messages.push([
        {
          id: randomId(),
          author: shop.who.id,
          n: messages.toArray().filter((m) => m.author === shop.who.id).length + 1,
          at: world.clock.now(),
          kind: 'template',
          template: template.name,
          version: template.version,
          category: template.category,
          params,
          fallback: fallbackText(template, params),
        },
      ]);
    });
  }
  const stored = async (doc: string, text: string) =>
    (await world.storedTexts(doc)).some((t) => t.includes(text));

  it('a marketing template to a person who said STOP is refused, even inside the window', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));
    expect(await world.say(person, doc, 'Is the bakery open on Sunday?')).toMatchObject({
      type: 'ack',
    });
    expect(await world.say(person, doc, 'STOP')).toMatchObject({ type: 'ack' });
    await eventually(
      async () => (await world.storedMessages(doc)).some((m) => m.kind === 'system'),
      5000,
      'the STOP applied',
    );
    const offer = await sendTemplate(doc, 'marketing', { name: 'Ana' });
    expect(offer).toMatchObject({ type: 'error', kind: 'not_delivered', code: 'not_opted_in' });
    expect(await stored(doc, 'half price')).toBe(false);
    // What the confirmation promised: answers, order updates, within the window.
    expect(await sendTemplate(doc, 'utility', { name: 'Ana' })).toMatchObject({ type: 'ack' });
    expect(await world.say(shop, doc, 'Yes, from 8 to 14.')).toMatchObject({ type: 'ack' });
    expect(await stored(doc, 'your order is ready')).toBe(true);
    await eventually(
      () =>
        conversationParts(person.device.doc(doc))
          .messages.toArray()
          .some((m) => textOf(m) === 'Yes, from 8 to 14.'),
      5000,
      'the person receives the reply',
    );
  });

  it('with business messages off, free-form replies only: no template inside the window', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.prefs(person, (map) => {
      map.set('businessMessages', false);
      map.set(`optIn:${shop.who.id}`, true);
    });
    expect(await world.say(person, doc, 'Do you deliver?')).toMatchObject({ type: 'ack' });
    for (const kind of ['utility', 'marketing'] as const)
      expect(await sendTemplate(doc, kind, { name: 'Ana' })).toMatchObject({
        type: 'error',
        kind: 'not_delivered',
        code: 'business_messages_off',
      });
    expect(await stored(doc, 'Hi Ana')).toBe(false);
    expect(await world.say(shop, doc, 'Yes, within the city.')).toMatchObject({ type: 'ack' });
    // Outside the window nothing at all.
    world.advance(25 * hour);
    expect(await world.say(shop, doc, 'Still there?')).toMatchObject({ code: 'outside_window' });
  });

  it('a parameter value with a newline or a tab, or over 100 characters, is refused on every path', async () => {
    const person = await world.person();
    const doc = await world.chatWith(person, shop);
    await world.prefs(person, (map) => map.set(`optIn:${shop.who.id}`, true));
    const cases = [
      ['Ana\n\nBUY NOW: 90% off at evil.example', 'parameter_has_newline'],
      ['Ana\tx', 'parameter_has_newline'],
      ['A'.repeat(101), 'parameter_too_long'],
    ] as const;
    for (const [value, code] of cases)
      expect(await sendTemplate(doc, 'utility', { name: value })).toMatchObject({
        type: 'error',
        kind: 'not_delivered',
        code,
      });
    expect(await world.storedMessages(doc)).toEqual([]);
    // 100 characters, one line: fine.
    expect(await sendTemplate(doc, 'utility', { name: 'A'.repeat(100) })).toMatchObject({
      type: 'ack',
    });

    const key = await world.h.asBusiness(shop.who, 'POST', '/business/api-keys', {
      name: 'server',
      scopes: ['messages:send'],
    });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    for (const [value, code] of cases) {
      const response = await fetch(`${world.h.server.url}/api/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key.body.key}` },
        body: JSON.stringify({
          to: person.who.phone,
          template: { name: drafts.utility.name, parameters: { name: value } },
        }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        kind: 'bad_request',
        details: { reason: code },
      });
      const broadcast = await world.h.asBusiness(shop.who, 'POST', '/business/broadcasts', {
        template: drafts.utility.name,
        params: { name: value },
      });
      expect(broadcast).toMatchObject({
        status: 400,
        body: { kind: 'bad_request', details: { reason: code } },
      });
    }
    expect(await world.storedMessages(doc)).toHaveLength(1);
  });

  it.each([
    ['fewer than three words of fixed text', 'Thanks {{name}}!', 'template_few_words'],
    [
      'a parameter at the very start',
      '{{name}}, your order is ready.',
      'template_parameter_at_edge',
    ],
    ['a parameter at the very end', 'Your order is ready, {{name}}', 'template_parameter_at_edge'],
  ])('publishing a template with %s is refused with its reason', async (_label, body, code) => {
    const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', {
      ...drafts.utility,
      name: 'edgy',
      translations: { en: { body } },
    });
    expect(reply).toMatchObject({ status: 400, body: { details: { reason: code } } });
    expect(reply.body.details.issues).toContainEqual(
      expect.objectContaining({ path: 'translations.en.body', code }),
    );
  });

  describe('keyword replies and automations', () => {
    let greeter: Member;
    const greeting = 'Welcome! We answer within the hour.';
    const away = 'We are closed now; we open tomorrow.';

    beforeAll(async () => {
      greeter = await world.business('Horno Saludo');
      await greeter.device.open(`profile:${greeter.who.id}`);
      const hours = await greeter.device.write(
        `profile:${greeter.who.id}`,
        (d) => d.getMap('profile').set('hours', { timezone: 'UTC' }), // always closed
      );
      expect(hours).toMatchObject({ type: 'ack' });
      const settings = await greeter.device.write(inboxDocName(greeter.who.id), (d) => {
        setGreeting(d, { enabled: true, text: greeting });
        setAway(d, { enabled: true, text: away, everyHours: 4 });
      });
      expect(settings).toMatchObject({ type: 'ack' });
    });

    const fromGreeter = async (doc: string) =>
      (await world.storedMessages(doc)).filter((m) => m.author === greeter.who.id).map(textOf);
    /** Once the keyword's confirmation is stored, every automation it could start is handled. */
    async function keyword(person: Member, doc: string, text: string, event: string) {
      expect(await world.say(person, doc, text)).toMatchObject({ type: 'ack' });
      await eventually(
        async () =>
          (await world.storedMessages(doc)).filter(
            (m: Message) => m.kind === 'system' && m.event === event,
          ).length > 0,
        5000,
        `${text} confirmed`,
      );
      await world.h.server.autoReplies.settled();
    }

    it('START as the first message greets nobody; the first real message is greeted', async () => {
      const person = await world.person();
      const doc = await world.chatWith(person, greeter);
      await keyword(person, doc, 'START', 'opted_in');
      expect(await fromGreeter(doc)).toEqual([]);
      expect(await world.say(person, doc, 'Hello!')).toMatchObject({ type: 'ack' });
      await eventually(async () => (await fromGreeter(doc)).length === 2, 5000, 'the greeting');
      expect(await fromGreeter(doc)).toEqual([greeting, away]);
    });

    it('STOP inside the window sends no away message; the next real message does', async () => {
      const person = await world.person();
      const doc = await world.chatWith(person, greeter);
      expect(await world.say(person, doc, 'Hi')).toMatchObject({ type: 'ack' });
      await eventually(async () => (await fromGreeter(doc)).length === 2, 5000, 'the greeting');
      world.advance(5 * hour); // the away message is due again, and the window is open
      await keyword(person, doc, 'STOP', 'opted_out');
      await keyword(person, doc, 'alta', 'opted_in');
      expect(await fromGreeter(doc)).toEqual([greeting, away]);
      expect(await world.say(person, doc, 'Thanks')).toMatchObject({ type: 'ack' });
      await eventually(async () => (await fromGreeter(doc)).length === 3, 5000, 'the away message');
      expect(await fromGreeter(doc)).toEqual([greeting, away, away]);
    });
  });
});
