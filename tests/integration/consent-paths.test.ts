/**
 * The consent table (issue 13, item 3) on every path that is not a device's own update (that one
 * is consent.test.ts / consent-templates.test.ts): the Business API, broadcasts and automations
 * (greeting and away messages), row by row, on both databases. Each recipient state — business
 * messages on or off, opted in or not, blocked or not, and the 24-hour window never opened,
 * open, or closed — is one person; every kind of message goes to each through each path, and
 * the outcomes are compared with `expected` (tests/support/consent-table.ts), which is written
 * from the table as people are told it, so one assertion per path shows every row that differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackText, inboxDocName, setAway, setGreeting, type Template } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, hour, textOf, type Member } from '../support/consent.ts';
import { drafts, expected, type Case, type Kind, type Outcome } from '../support/consent-table.ts';
import { eventually } from '../support/people.ts';
import { broadcastAndWait } from '../support/broadcasts.ts';

type State = Pick<Case, 'switchOn' | 'optedIn' | 'blocked' | 'window'>;
interface Recipient {
  state: State;
  person: Member;
  doc: string;
}
const templateKinds = ['utility', 'authentication', 'marketing'] as const;

const states: State[] = [];
for (const switchOn of [true, false])
  for (const optedIn of [true, false])
    for (const blocked of [false, true])
      for (const window of ['never', 'inside', 'outside'] as const)
        states.push({ switchOn, optedIn, blocked, window });
const nameOf = (s: State) =>
  `switch ${s.switchOn ? 'on' : 'off'}, ${s.optedIn ? 'opted in' : 'not opted in'}, ` +
  `${s.blocked ? 'blocked' : 'not blocked'}, window ${s.window}`;
const asCase = (state: State, kind: Kind, suspended = false): Case => ({
  from: 'business',
  kind,
  suspended,
  ...state,
});

describe.each(backends)('the consent table on every server path, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 870 001', '+3467787', {
    apiLimits: { perMinute: 10_000 },
  });
  let shop: Member;
  let key: string;
  const templates = new Map<Kind, Template>();
  const recipients: Recipient[] = [];

  /** Each state's person: the window as the state says, then their choices. */
  async function customers(business: Member, list: State[]): Promise<Recipient[]> {
    const made: Recipient[] = [];
    for (const state of list) {
      const person = await world.person();
      made.push({ state, person, doc: await world.chatWith(person, business) });
    }
    const write = async (window: State['window']) => {
      for (const r of made.filter((r) => r.state.window === window))
        expect(await world.say(r.person, r.doc, 'Do you have rye bread?')).toMatchObject({
          type: 'ack',
        });
    };
    await write('outside');
    world.advance(24 * hour);
    await write('inside');
    world.advance(hour);
    for (const { person, state } of made) {
      const answer = await world.prefs(person, (map) => {
        map.set('businessMessages', state.switchOn);
        map.set(`optIn:${business.who.id}`, state.optedIn);
        map.set(`blocked:${business.who.id}`, state.blocked);
      });
      expect(answer).toMatchObject({ type: 'ack' });
    }
    return made;
  }

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Panadería Sol');
    for (const kind of templateKinds) {
      const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', drafts[kind]);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      templates.set(kind, reply.body as Template);
    }
    const reply = await world.h.asBusiness(shop.who, 'POST', '/business/api-keys', {
      name: 'server',
      scopes: ['messages:send'],
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    key = reply.body.key as string;
    recipients.push(...(await customers(shop, states)));
  }, 300_000);
  afterAll(() => world.stop());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function api(body: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${world.h.server.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** An HTTP answer as the table's outcome. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function outcomeOf(status: number, body: any): Outcome | string {
    if (status === 201) return 'delivered';
    if (status === 403 && body.kind === 'forbidden') return { kind: 'forbidden' };
    if (status === 403 && body.kind === 'not_delivered')
      return { kind: 'not_delivered', reason: body.details.reason };
    return `HTTP ${status} ${JSON.stringify(body)}`;
  }

  /** What the Business API sends for `kind`: a text, or the template with a short parameter. */
  function request(r: Recipient, kind: Kind, tag: string) {
    if (kind === 'free_form') return { to: r.person.who.phone, text: tag };
    return {
      to: r.person.who.phone,
      template: { name: drafts[kind].name, parameters: { name: tag } },
    };
  }
  const shown = (kind: Kind, tag: string) =>
    kind === 'free_form' ? tag : fallbackText(templates.get(kind)!, { name: tag });

  it.each(['free_form', ...templateKinds] as const)(
    'the Business API, %s, row by row',
    async (kind) => {
      const got: Record<string, Outcome | string> = {};
      const want: Record<string, Outcome> = {};
      for (const r of recipients) {
        const tag = `api ${kind} ${recipients.indexOf(r)}`;
        const reply = await api(request(r, kind, tag));
        got[nameOf(r.state)] = outcomeOf(reply.status, reply.body);
        want[nameOf(r.state)] = expected(asCase(r.state, kind));
        // Delivered means stored in the chat; refused means stored nowhere.
        const stored = (await world.storedTexts(r.doc)).includes(shown(kind, tag));
        expect(stored, `${nameOf(r.state)} stored`).toBe(reply.status === 201);
      }
      expect(got).toEqual(want);
    },
  );

  it.each(templateKinds)('a broadcast of a %s template, row by row', async (kind) => {
    const tag = `broadcast ${kind}`;
    const asShop = (method: string, path: string, body?: unknown) =>
      world.h.asBusiness(shop.who, method, path, body);
    const reply = await broadcastAndWait(asShop, {
      template: drafts[kind].name,
      params: { name: tag },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const got: Record<string, Outcome | string> = {};
    const want: Record<string, Outcome | string> = {};
    for (const r of recipients) {
      const result = reply.body.results.find(
        (x: { personId: string }) => x.personId === r.person.who.id,
      );
      got[nameOf(r.state)] =
        result?.status === 'sent'
          ? 'delivered'
          : result?.status === 'refused'
            ? { kind: 'not_delivered', reason: result.reason }
            : result
              ? `result: ${JSON.stringify(result)}`
              : 'not addressed';
      // A broadcast goes to the people who opted in, and is judged row by row for them.
      want[nameOf(r.state)] = r.state.optedIn ? expected(asCase(r.state, kind)) : 'not addressed';
      const stored = (await world.storedTexts(r.doc)).includes(shown(kind, tag));
      expect(stored, `${nameOf(r.state)} stored`).toBe(result?.status === 'sent');
    }
    expect(got).toEqual(want);
  });

  it('automations: greeting and away messages answer every customer the table lets them', async () => {
    const greeter = await world.business('Horno Saludo');
    const greeting = 'Welcome! We answer within the hour.';
    const away = 'We are closed now; we open tomorrow.';
    await greeter.device.open(`profile:${greeter.who.id}`);
    // No opening hours at all: always closed, so every customer message is due an away message.
    expect(
      await greeter.device.write(`profile:${greeter.who.id}`, (d) =>
        d.getMap('profile').set('hours', { timezone: 'UTC' }),
      ),
    ).toMatchObject({ type: 'ack' });
    expect(
      await greeter.device.write(inboxDocName(greeter.who.id), (d) => {
        setGreeting(d, { enabled: true, text: greeting });
        setAway(d, { enabled: true, text: away, everyHours: 4 });
      }),
    ).toMatchObject({ type: 'ack' });
    // An automation answers the customer's own message, so the window is always open: the
    // table's "inside" column, free-form, for each recipient row.
    const rows = states.filter((s) => s.window === 'never');
    const made = await customers(greeter, rows);
    const got: Record<string, Outcome | string> = {};
    const want: Record<string, Outcome> = {};
    for (const r of made) {
      const answer = await world.say(r.person, r.doc, 'Are you open?');
      await world.h.server.autoReplies.settled();
      const replies = async () =>
        (await world.storedMessages(r.doc)).filter((m) => m.author === greeter.who.id).map(textOf);
      if (answer.type === 'ack')
        await eventually(async () => (await replies()).length === 2, 5000, 'both replies');
      const sent = await replies();
      got[nameOf(r.state)] =
        sent.join('|') === `${greeting}|${away}`
          ? 'delivered'
          : sent.length === 0 && answer.type === 'error' && r.state.blocked
            ? { kind: 'not_delivered', reason: 'blocked_by_recipient' }
            : `sent ${JSON.stringify(sent)} after ${JSON.stringify(answer)}`;
      // Blocked: the customer's own message is refused (they blocked the business), so nothing
      // starts an automation — the table's "nothing".
      if (r.state.blocked) expect(answer).toMatchObject({ code: 'blocked_recipient' });
      want[nameOf(r.state)] = expected(asCase({ ...r.state, window: 'inside' }, 'free_form'));
    }
    expect(got).toEqual(want);
  });

  it('a suspended business reaches no row, on any path', async () => {
    await world.setSuspended(shop.who.id, true);
    for (const r of recipients.filter((r) => r.state.window === 'inside')) {
      for (const kind of ['free_form', ...templateKinds] as const) {
        const reply = await api(request(r, kind, `suspended ${kind}`));
        expect(outcomeOf(reply.status, reply.body)).toEqual(expected(asCase(r.state, kind, true)));
      }
    }
    const broadcast = await world.h.asBusiness(shop.who, 'POST', '/business/broadcasts', {
      template: drafts.utility.name,
      params: { name: 'suspended' },
    });
    expect(broadcast).toMatchObject({ status: 403, body: { kind: 'forbidden' } });
  });
});
