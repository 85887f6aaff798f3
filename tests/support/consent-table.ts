/**
 * The consent rules' table through the real server (issue 5, items 2 and 6; issue 13, item 3) on
 * the sync path: every combination of who writes, the message kind (free-form, a utility, an
 * authentication or a marketing template), the person's
 * business-messages switch, opt-in, block, the 24-hour window and the business's suspension,
 * each as a fresh person and a real send over raw frames. The expected outcome is written here
 * from the product's words, not computed with `mayDeliver`, so the server's gathering of facts
 * is what is tested. A delivered message is stored and reaches the other party; a refused one is
 * answered with the rule's reason and stored nowhere. Split in two test files (free-form,
 * templates) over this one definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationParts,
  fallbackText,
  randomId,
  type RefusalReason,
  type Template,
  type TemplateDraft,
} from '@souk/sync';
import { backends } from './server.ts';
import { consentWorld, hour, textOf, type Member } from './consent.ts';
import { eventually } from './people.ts';

type Window = 'never' | 'inside' | 'outside';
export type Kind = 'free_form' | 'utility' | 'authentication' | 'marketing';
export interface Case {
  from: 'person' | 'business';
  kind: Kind;
  switchOn: boolean;
  optedIn: boolean;
  blocked: boolean;
  window: Window;
  suspended: boolean;
}
export type Outcome =
  'delivered' | { kind: 'not_delivered'; reason: RefusalReason } | { kind: 'forbidden' };

const refused = (reason: RefusalReason): Outcome => ({ kind: 'not_delivered', reason });

/**
 * What a business may send a person, exactly as the person is told (issue 13, item 3; Settings,
 * STOP's confirmation, the README): the recipient's row, then inside the 24-hour window or not.
 */
const mayReceive: Record<
  'optedIn' | 'notOptedIn' | 'off' | 'blocked',
  Record<'inside' | 'outside', Kind[]>
> = {
  optedIn: {
    inside: ['free_form', 'utility', 'authentication', 'marketing'],
    outside: ['utility', 'authentication', 'marketing'],
  },
  notOptedIn: { inside: ['free_form', 'utility', 'authentication'], outside: [] },
  off: { inside: ['free_form'], outside: [] },
  blocked: { inside: [], outside: [] },
};

/** The rules as the product states them. */
export function expected(c: Case): Outcome {
  // A person can always write to a business, suspended or not, unless they blocked it.
  if (c.from === 'person') return c.blocked ? refused('blocked_recipient') : 'delivered';
  // A suspended business reaches nobody (its every write is refused before any rule).
  if (c.suspended) return { kind: 'forbidden' };
  const row = c.blocked ? 'blocked' : !c.switchOn ? 'off' : c.optedIn ? 'optedIn' : 'notOptedIn';
  const column = c.window === 'inside' ? 'inside' : 'outside';
  if (mayReceive[row][column].includes(c.kind)) return 'delivered';
  // Refused: the reason names the first thing that would have to change.
  if (c.blocked) return refused('blocked_by_recipient');
  if (c.kind === 'free_form') return refused('outside_window');
  if (!c.switchOn) return refused('business_messages_off');
  return refused('not_opted_in');
}

export const drafts: Record<Exclude<Kind, 'free_form'>, TemplateDraft> = {
  utility: {
    name: 'order_ready',
    category: 'utility',
    defaultLanguage: 'en',
    translations: { en: { body: 'Hi {{name}}, your order is ready.' } },
  },
  authentication: {
    name: 'sign_in_code',
    category: 'authentication',
    defaultLanguage: 'en',
    translations: { en: { body: 'Use the code {{name}} to sign in.' } },
  },
  marketing: {
    name: 'weekly_offer',
    category: 'marketing',
    defaultLanguage: 'en',
    translations: { en: { body: 'Hi {{name}}, fresh bread at half price on Fridays.' } },
  },
};

// People write free-form messages only (a template message is a business's, check-message.ts).
const kindsFrom = {
  person: ['free_form'],
  business: ['free_form', 'utility', 'authentication', 'marketing'],
} as const;
export const cases: Case[] = [];
for (const from of ['person', 'business'] as const)
  for (const kind of kindsFrom[from])
    for (const switchOn of [true, false])
      for (const optedIn of [true, false])
        for (const blocked of [false, true])
          for (const window of ['never', 'inside', 'outside'] as const)
            for (const suspended of [false, true])
              cases.push({ from, kind, switchOn, optedIn, blocked, window, suspended });

const describeCase = (c: Case) =>
  `${c.from} writes ${c.kind === 'free_form' ? 'free-form' : `a ${c.kind} template`}; ` +
  `switch ${c.switchOn ? 'on' : 'off'}, ${c.optedIn ? 'opted in' : 'not opted in'}, ` +
  `${c.blocked ? 'blocked' : 'not blocked'}, window ${c.window}, ` +
  `${c.suspended ? 'suspended' : 'active'}`;

/** Declares the table's rows that `part` selects, on both backends. */
export function consentTable(
  part: 'free-form' | 'templates',
  operatorPhone: string,
  phonePrefix: string,
): void {
  // Active rows first: the business is suspended once, before the first suspended row.
  const rows = cases
    .filter((c) => (c.kind === 'free_form') === (part === 'free-form'))
    .sort((a, b) => Number(a.suspended) - Number(b.suspended));
  describe.each(backends)(
    `the consent rules (${part}) through the real server, on %s`,
    (backend) => {
      // One business device sends every row, more than half of them refused on purpose: more
      // than a socket may send before it is closed as abusive (socket-guard.ts), so that limit
      // is raised here; socket-abuse.test.ts tests it.
      const world = consentWorld(backend, operatorPhone, phonePrefix, {
        socketLimits: { refusalBurst: 10_000 },
      });
      let shop: Member;
      let suspended = false;
      const templates = new Map<Kind, Template>();
      const setups = new Map<Case, { person: Member; doc: string }>();
      const each = async (list: Case[], task: (c: Case) => Promise<void>) => {
        for (let i = 0; i < list.length; i += 8) await Promise.all(list.slice(i, i + 8).map(task));
      };

      // Every row's world is set up together, so one clock serves them all: customers of
      // 'outside' rows write, 24 hours pass, customers of 'inside' rows write, one more hour
      // passes; then each person makes their choices. The rows themselves only send.
      beforeAll(async () => {
        await world.start();
        shop = await world.business('Panadería Sol');
        for (const [kind, draft] of Object.entries(drafts)) {
          const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', draft);
          expect(reply.status, JSON.stringify(reply.body)).toBe(201);
          templates.set(kind as Kind, reply.body);
        }
        await each(rows, async (c) => {
          const person = await world.person();
          setups.set(c, { person, doc: await world.chatWith(person, shop) });
        });
        const customerWrites = (window: Window) =>
          each(
            rows.filter((c) => c.window === window),
            async (c) => {
              const { person, doc } = setups.get(c)!;
              const answer = await world.say(person, doc, 'Do you have rye bread?');
              expect(answer).toMatchObject({ type: 'ack' });
            },
          );
        await customerWrites('outside');
        world.advance(24 * hour);
        await customerWrites('inside');
        world.advance(hour);
        await each(rows, async (c) => {
          const { person } = setups.get(c)!;
          const answer = await world.prefs(person, (map) => {
            map.set('businessMessages', c.switchOn);
            map.set(`optIn:${shop.who.id}`, c.optedIn);
            map.set(`blocked:${shop.who.id}`, c.blocked);
          });
          expect(answer).toMatchObject({ type: 'ack' });
        });
      }, 300_000);

      /** The message `c` sends: free text, or a genuine rendering of the published template. */
      function send(sender: Member, doc: string, c: Case, text: string) {
        const template = templates.get(c.kind);
        if (!template) return world.say(sender, doc, text);
        return sender.device.write(doc, (d) => {
          const messages = conversationParts(d).messages;
          const params = { name: text };
          messages.push([
            {
              id: randomId(),
              author: sender.who.id,
              n: messages.toArray().filter((m) => m.author === sender.who.id).length + 1,
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
      afterAll(() => world.stop());

      it('the whole table covers every combination once', () => {
        const perKind = 2 * 2 * 2 * 3 * 2;
        expect(new Set(cases.map(describeCase)).size).toBe(perKind * (1 + 4));
        expect(rows.length).toBe(perKind * (part === 'free-form' ? 2 : 3));
      });

      it.each(rows.map((c) => [describeCase(c), c] as const))('%s', async (_name, c) => {
        if (c.suspended && !suspended) {
          await world.setSuspended(shop.who.id, true);
          suspended = true;
        }
        const { person, doc } = setups.get(c)!;
        const [sender, recipient] = c.from === 'person' ? [person, shop] : [shop, person];
        // A template's parameter value is short (at most 100 characters, structure.ts).
        let text = templates.has(c.kind)
          ? `row ${rows.indexOf(c)} at ${world.clock.now()}`
          : `${describeCase(c)} at ${world.clock.now()}`;
        const answer = await send(sender, doc, c, text);

        const outcome = expected(c);
        const template = templates.get(c.kind);
        if (template) text = fallbackText(template, { name: text });
        const texts = () => world.storedTexts(doc);
        if (outcome === 'delivered') {
          expect(answer).toMatchObject({ type: 'ack', doc });
          expect(await texts()).toContain(text);
          await eventually(
            () =>
              conversationParts(recipient.device.doc(doc))
                .messages.toArray()
                .some((m) => textOf(m) === text),
            5000,
            'the other party receives it',
          );
        } else {
          expect(answer).toMatchObject({ type: 'error', doc, kind: outcome.kind });
          if (outcome.kind === 'not_delivered')
            expect(answer).toMatchObject({ code: outcome.reason });
          expect(await texts()).not.toContain(text);
        }
      });
    },
  );
}
